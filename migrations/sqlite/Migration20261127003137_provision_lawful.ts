import { Migration } from '@mikro-orm/migrations';

export class Migration20261127003137_provision_lawful extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`correction_notice\` (\`seq\` integer not null primary key autoincrement, \`notice_id\` text not null, \`recipient_id\` text not null, \`member_id\` text not null, \`field\` text not null, \`correction_id\` text not null, \`created_at\` datetime not null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime null, \`delivered_at\` datetime null, \`last_error\` text null);`);
    this.addSql(`create unique index \`correction_notice_notice_id_unique\` on \`correction_notice\` (\`notice_id\`);`);
    this.addSql(`create index \`correction_notice_delivered_at_next_attempt_at_index\` on \`correction_notice\` (\`delivered_at\`, \`next_attempt_at\`);`);
    this.addSql(`create index \`correction_notice_recipient_id_seq_index\` on \`correction_notice\` (\`recipient_id\`, \`seq\`);`);

    this.addSql(`create table \`lawful_request\` (\`id\` text not null, \`authority\` text not null, \`legal_basis\` text not null, \`member_ids\` json not null, \`fields\` json not null, \`valid_from\` datetime not null, \`valid_until\` datetime not null, \`registered_by\` text not null, \`registered_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`create table \`provision\` (\`id\` text not null, \`recipient_id\` text not null, \`recipient_kind\` text not null, \`member_id\` text not null, \`fields\` json not null, \`fingerprints\` json not null, \`purpose\` text not null, \`at\` datetime not null, \`request_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`provision_recipient_id_member_id_index\` on \`provision\` (\`recipient_id\`, \`member_id\`);`);
    this.addSql(`create index \`provision_member_id_at_index\` on \`provision\` (\`member_id\`, \`at\`);`);

    this.addSql(`alter table \`api_client\` add column \`webhook_url\` text null;`);
    this.addSql(`alter table \`api_client\` add column \`webhook_secret\` text null;`);

  }

}
