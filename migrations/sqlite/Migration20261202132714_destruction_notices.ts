import { Migration } from '@mikro-orm/migrations';

export class Migration20261202132714_destruction_notices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`usage_notice\` (\`member_id\` text not null, \`year\` integer not null, \`queued_at\` datetime not null, primary key (\`member_id\`, \`year\`));`);
    this.addSql(`alter table \`correction_notice\` add column \`change\` text not null default 'CORRECTED';`);
    this.addSql(`alter table \`notification\` add column \`carries_code\` integer not null default false;`);
  }

}
