import { Migration } from '@mikro-orm/migrations';

export class Migration20261202025313_rights_and_lawful_approval extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rights_request" ("id" varchar(36) not null, "member_id" varchar(36) not null, "right" varchar(32) not null, "channel" varchar(16) not null, "identity_verified_by" varchar(200) not null, "reference" varchar(200) not null, "recorded_by" varchar(36) not null, "recorded_at" timestamptz not null, "due_at" timestamptz not null, "status" varchar(16) not null default 'OPEN', "executed_by" varchar(36) null, "executed_at" timestamptz null, constraint "rights_request_pkey" primary key ("id"));`);
    this.addSql(`create index "rights_request_member_id_index" on "rights_request" ("member_id");`);
    this.addSql(`create index "rights_request_due_at_index" on "rights_request" ("due_at");`);
    this.addSql(`create index "rights_request_status_index" on "rights_request" ("status");`);

    this.addSql(`alter table "lawful_request" add column "approved_by" varchar(36) null, add column "approved_at" timestamptz null, add column "expiry_logged_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rights_request" cascade;`);

    this.addSql(`alter table "lawful_request" drop column "approved_by", drop column "approved_at", drop column "expiry_logged_at";`);
  }

}
