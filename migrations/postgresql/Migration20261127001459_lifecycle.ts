import { Migration } from '@mikro-orm/migrations';

export class Migration20261127001459_lifecycle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "complaint" ("id" varchar(36) not null, "member_id" varchar(36) null, "contact" varchar(254) null, "subject" varchar(200) not null, "body" text not null, "status" text check ("status" in ('OPEN', 'ANSWERED', 'CLOSED')) not null default 'OPEN', "answer" text null, "created_at" timestamptz not null, "answered_at" timestamptz null, "closed_at" timestamptz null, constraint "complaint_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_member_id_index" on "complaint" ("member_id");`);

    this.addSql(`create table "cookie_preference" ("id" varchar(36) not null, "member_id" varchar(36) null, "visitor_id" varchar(64) null, "personalised" boolean not null default false, "updated_at" timestamptz not null, constraint "cookie_preference_pkey" primary key ("id"));`);
    this.addSql(`alter table "cookie_preference" add constraint "cookie_preference_member_id_unique" unique ("member_id");`);
    this.addSql(`alter table "cookie_preference" add constraint "cookie_preference_visitor_id_unique" unique ("visitor_id");`);

    this.addSql(`create table "notice" ("id" varchar(36) not null, "title" varchar(200) not null, "body" text not null, "policy_version" int null, "posted_at" timestamptz not null, constraint "notice_pkey" primary key ("id"));`);

    this.addSql(`create table "notification" ("id" varchar(36) not null, "channel" text check ("channel" in ('EMAIL', 'SMS')) not null, "recipient" varchar(254) not null, "subject" varchar(200) not null, "body" text not null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_sent_at_index" on "notification" ("sent_at");`);

    this.addSql(`create table "verification_code" ("id" varchar(36) not null, "purpose" text check ("purpose" in ('GUARDIAN_CONSENT', 'GUARDIAN_LOGIN')) not null, "contact" varchar(254) not null, "code_hash" varchar(64) not null, "guardian_id" varchar(36) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "verification_code_pkey" primary key ("id"));`);
    this.addSql(`alter table "verification_code" add constraint "verification_code_code_hash_unique" unique ("code_hash");`);
    this.addSql(`create index "verification_code_contact_purpose_index" on "verification_code" ("contact", "purpose");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "complaint" cascade;`);

    this.addSql(`drop table if exists "cookie_preference" cascade;`);

    this.addSql(`drop table if exists "notice" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "verification_code" cascade;`);
  }

}
