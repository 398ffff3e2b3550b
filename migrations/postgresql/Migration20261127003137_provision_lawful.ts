import { Migration } from '@mikro-orm/migrations';

export class Migration20261127003137_provision_lawful extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "correction_notice" ("seq" serial primary key, "notice_id" varchar(36) not null, "recipient_id" varchar(36) not null, "member_id" varchar(36) not null, "field" varchar(64) not null, "correction_id" varchar(36) not null, "created_at" timestamptz not null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, "last_error" varchar(300) null);`);
    this.addSql(`alter table "correction_notice" add constraint "correction_notice_notice_id_unique" unique ("notice_id");`);
    this.addSql(`create index "correction_notice_delivered_at_next_attempt_at_index" on "correction_notice" ("delivered_at", "next_attempt_at");`);
    this.addSql(`create index "correction_notice_recipient_id_seq_index" on "correction_notice" ("recipient_id", "seq");`);

    this.addSql(`create table "lawful_request" ("id" varchar(36) not null, "authority" varchar(200) not null, "legal_basis" varchar(200) not null, "member_ids" jsonb not null, "fields" jsonb not null, "valid_from" timestamptz not null, "valid_until" timestamptz not null, "registered_by" varchar(36) not null, "registered_at" timestamptz not null, constraint "lawful_request_pkey" primary key ("id"));`);

    this.addSql(`create table "provision" ("id" varchar(36) not null, "recipient_id" varchar(36) not null, "recipient_kind" varchar(16) not null, "member_id" varchar(36) not null, "fields" jsonb not null, "fingerprints" jsonb not null, "purpose" varchar(32) not null, "at" timestamptz not null, "request_id" varchar(36) not null, constraint "provision_pkey" primary key ("id"));`);
    this.addSql(`create index "provision_recipient_id_member_id_index" on "provision" ("recipient_id", "member_id");`);
    this.addSql(`create index "provision_member_id_at_index" on "provision" ("member_id", "at");`);

    this.addSql(`alter table "api_client" add column "webhook_url" varchar(500) null, add column "webhook_secret" varchar(100) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "correction_notice" cascade;`);

    this.addSql(`drop table if exists "lawful_request" cascade;`);

    this.addSql(`drop table if exists "provision" cascade;`);

    this.addSql(`alter table "api_client" drop column "webhook_url", drop column "webhook_secret";`);
  }

}
