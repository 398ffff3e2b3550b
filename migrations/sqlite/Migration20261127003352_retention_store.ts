import { Migration } from '@mikro-orm/migrations';

/**
 * The separate retention store (§4, §5) lives in its own database file, attached as `retention` on every
 * connection (src/db/orm.ts), so these statements reach it through the migrator's connection.
 */
export class Migration20261127003352_retention_store extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`member\` add column \`handed_over_at\` datetime null;`);
    this.addSql(`create table if not exists retention.\`retained_record\` (\`id\` text not null primary key, \`member_ref\` text not null, \`category\` text not null, \`legal_basis\` text not null, \`retained_at\` datetime not null, \`expires_at\` datetime not null, \`wrapped_key\` text not null, \`payload\` text not null, unique (\`member_ref\`, \`category\`));`);
    this.addSql(`create index if not exists retention.\`retained_record_expires_at_index\` on \`retained_record\` (\`expires_at\`);`);
  }

}
