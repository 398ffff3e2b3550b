import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000848_access_log extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`access_log\` (\`seq\` integer not null primary key autoincrement, \`request_id\` text not null, \`at\` datetime not null, \`accessor_id\` text not null, \`accessor_kind\` text not null, \`accessor_role\` text null, \`accessor_name\` text not null, \`client_ip\` text not null, \`member_id\` text null, \`action\` text not null, \`purpose\` text null, \`legal_basis\` text null, \`fields\` json not null, \`denied\` json not null, \`operation_name\` text null, \`prev_hash\` text not null, \`hash\` text not null);`);
    this.addSql(`create unique index \`access_log_prev_hash_unique\` on \`access_log\` (\`prev_hash\`);`);
    this.addSql(`create index \`access_log_at_index\` on \`access_log\` (\`at\`);`);
    this.addSql(`create index \`access_log_accessor_id_seq_index\` on \`access_log\` (\`accessor_id\`, \`seq\`);`);
    this.addSql(`create index \`access_log_member_id_seq_index\` on \`access_log\` (\`member_id\`, \`seq\`);`);

    this.addSql(`create table \`access_log_anchor\` (\`seq\` integer not null, \`hash\` text not null, \`purged_at\` datetime not null, \`purged_rows\` integer not null, primary key (\`seq\`));`);

  }

}
