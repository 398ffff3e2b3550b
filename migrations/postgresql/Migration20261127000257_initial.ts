import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000257_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_client" ("id" varchar(36) not null, "client_id" varchar(64) not null, "name" varchar(200) not null, "kind" text check ("kind" in ('PARTNER', 'CONSIGNEE')) not null, "secret_hash" varchar(200) not null, "allowed_purposes" jsonb not null, "entrusted_fields" jsonb not null, "task" varchar(300) null, "active" boolean not null default true, constraint "api_client_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_client" add constraint "api_client_client_id_unique" unique ("client_id");`);

    this.addSql(`create table "member" ("id" varchar(36) not null, "login_id" varchar(64) not null, "password_hash" varchar(200) null, "status" text check ("status" in ('ACTIVE', 'PENDING_GUARDIAN', 'WITHDRAWN')) not null default 'ACTIVE', "session_version" int not null default 1, "name" varchar(100) not null, "email" varchar(254) null, "phone" varchar(32) null, "address" varchar(300) null, "delivery_area" varchar(64) null, "birth_date" varchar(10) null, "gender" varchar(16) null, "wrapped_data_key" text null, "bank_account_sealed" text null, "card_number_sealed" text null, "signup_ip" varchar(64) null, "browser" varchar(200) null, "os" varchar(100) null, "inflow_route" varchar(200) null, "created_at" timestamptz not null, "withdrawn_at" timestamptz null, constraint "member_pkey" primary key ("id"));`);
    this.addSql(`alter table "member" add constraint "member_login_id_unique" unique ("login_id");`);
    this.addSql(`alter table "member" add constraint "member_email_unique" unique ("email");`);
    this.addSql(`create index "member_delivery_area_index" on "member" ("delivery_area");`);

    this.addSql(`create table "guardian" ("id" varchar(36) not null, "child_id" varchar(36) not null, "name" varchar(100) not null, "contact" varchar(254) not null, "verified_at" timestamptz null, "verification_method" varchar(32) null, "created_at" timestamptz not null, constraint "guardian_pkey" primary key ("id"));`);
    this.addSql(`create index "guardian_contact_index" on "guardian" ("contact");`);

    this.addSql(`create table "correction_request" ("id" varchar(36) not null, "member_id" varchar(36) not null, "field" varchar(64) not null, "new_value" text null, "reason" text not null, "status" text check ("status" in ('OPEN', 'COMPLETED', 'REJECTED')) not null default 'OPEN', "requested_at" timestamptz not null, "resolved_at" timestamptz null, constraint "correction_request_pkey" primary key ("id"));`);
    this.addSql(`create index "correction_request_member_id_status_index" on "correction_request" ("member_id", "status");`);

    this.addSql(`create table "consent" ("id" varchar(36) not null, "member_id" varchar(36) not null, "purpose" text check ("purpose" in ('ESSENTIAL', 'MARKETING', 'THIRD_PARTY_PROVISION', 'OPTIONAL_ITEMS')) not null, "recipient" varchar(64) null, "policy_version" int not null, "granted_at" timestamptz not null, "withdrawn_at" timestamptz null, "method" varchar(32) not null, "given_by" text check ("given_by" in ('SELF', 'GUARDIAN')) not null default 'SELF', constraint "consent_pkey" primary key ("id"));`);
    this.addSql(`create index "consent_member_id_purpose_index" on "consent" ("member_id", "purpose");`);

    this.addSql(`create table "assignment" ("id" varchar(36) not null, "member_id" varchar(36) not null, "consignee_id" varchar(36) not null, "kind" text check ("kind" in ('DELIVERY', 'SETTLEMENT', 'HOSTING')) not null, "created_at" timestamptz not null, constraint "assignment_pkey" primary key ("id"));`);
    this.addSql(`create index "assignment_consignee_id_member_id_index" on "assignment" ("consignee_id", "member_id");`);

    this.addSql(`create table "policy_version" ("version" int not null, "text" text not null, "enforced_from" varchar(10) not null, "requires_reconsent" boolean not null default false, "published_at" timestamptz not null, constraint "policy_version_pkey" primary key ("version"));`);

    this.addSql(`create table "staff" ("id" varchar(36) not null, "login_id" varchar(64) not null, "name" varchar(100) not null, "password_hash" varchar(200) not null, "role" text check ("role" in ('CS_AGENT', 'MARKETER', 'ANALYST', 'PRIVACY_OFFICER', 'ADMIN')) not null, "session_version" int not null default 1, "email" varchar(254) null, "phone" varchar(32) null, "position" varchar(100) null, constraint "staff_pkey" primary key ("id"));`);
    this.addSql(`alter table "staff" add constraint "staff_login_id_unique" unique ("login_id");`);

    this.addSql(`alter table "guardian" add constraint "guardian_child_id_foreign" foreign key ("child_id") references "member" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "correction_request" add constraint "correction_request_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "consent" add constraint "consent_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "assignment" add constraint "assignment_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "assignment" add constraint "assignment_consignee_id_foreign" foreign key ("consignee_id") references "api_client" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "assignment" drop constraint "assignment_consignee_id_foreign";`);

    this.addSql(`alter table "guardian" drop constraint "guardian_child_id_foreign";`);

    this.addSql(`alter table "correction_request" drop constraint "correction_request_member_id_foreign";`);

    this.addSql(`alter table "consent" drop constraint "consent_member_id_foreign";`);

    this.addSql(`alter table "assignment" drop constraint "assignment_member_id_foreign";`);

    this.addSql(`drop table if exists "api_client" cascade;`);

    this.addSql(`drop table if exists "member" cascade;`);

    this.addSql(`drop table if exists "guardian" cascade;`);

    this.addSql(`drop table if exists "correction_request" cascade;`);

    this.addSql(`drop table if exists "consent" cascade;`);

    this.addSql(`drop table if exists "assignment" cascade;`);

    this.addSql(`drop table if exists "policy_version" cascade;`);

    this.addSql(`drop table if exists "staff" cascade;`);
  }

}
