import { Migration } from '@mikro-orm/migrations';

export class Migration20261127001459_lifecycle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`complaint\` (\`id\` text not null, \`member_id\` text null, \`contact\` text null, \`subject\` text not null, \`body\` text not null, \`status\` text check (\`status\` in ('OPEN', 'ANSWERED', 'CLOSED')) not null default 'OPEN', \`answer\` text null, \`created_at\` datetime not null, \`answered_at\` datetime null, \`closed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`complaint_member_id_index\` on \`complaint\` (\`member_id\`);`);

    this.addSql(`create table \`cookie_preference\` (\`id\` text not null, \`member_id\` text null, \`visitor_id\` text null, \`personalised\` integer not null default false, \`updated_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`cookie_preference_member_id_unique\` on \`cookie_preference\` (\`member_id\`);`);
    this.addSql(`create unique index \`cookie_preference_visitor_id_unique\` on \`cookie_preference\` (\`visitor_id\`);`);

    this.addSql(`create table \`notice\` (\`id\` text not null, \`title\` text not null, \`body\` text not null, \`policy_version\` integer null, \`posted_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`create table \`notification\` (\`id\` text not null, \`channel\` text check (\`channel\` in ('EMAIL', 'SMS')) not null, \`recipient\` text not null, \`subject\` text not null, \`body\` text not null, \`created_at\` datetime not null, \`sent_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notification_sent_at_index\` on \`notification\` (\`sent_at\`);`);

    this.addSql(`create table \`verification_code\` (\`id\` text not null, \`purpose\` text check (\`purpose\` in ('GUARDIAN_CONSENT', 'GUARDIAN_LOGIN')) not null, \`contact\` text not null, \`code_hash\` text not null, \`guardian_id\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create unique index \`verification_code_code_hash_unique\` on \`verification_code\` (\`code_hash\`);`);
    this.addSql(`create index \`verification_code_contact_purpose_index\` on \`verification_code\` (\`contact\`, \`purpose\`);`);

  }

}
