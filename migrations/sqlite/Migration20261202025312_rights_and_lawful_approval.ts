import { Migration } from '@mikro-orm/migrations';

export class Migration20261202025312_rights_and_lawful_approval extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`rights_request\` (\`id\` text not null, \`member_id\` text not null, \`right\` text not null, \`channel\` text not null, \`identity_verified_by\` text not null, \`reference\` text not null, \`recorded_by\` text not null, \`recorded_at\` datetime not null, \`due_at\` datetime not null, \`status\` text not null default 'OPEN', \`executed_by\` text null, \`executed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`rights_request_member_id_index\` on \`rights_request\` (\`member_id\`);`);
    this.addSql(`create index \`rights_request_due_at_index\` on \`rights_request\` (\`due_at\`);`);
    this.addSql(`create index \`rights_request_status_index\` on \`rights_request\` (\`status\`);`);

    this.addSql(`alter table \`lawful_request\` add column \`approved_by\` text null;`);
    this.addSql(`alter table \`lawful_request\` add column \`approved_at\` datetime null;`);
    this.addSql(`alter table \`lawful_request\` add column \`expiry_logged_at\` datetime null;`);
  }
}
