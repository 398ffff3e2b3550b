import { Migration } from '@mikro-orm/migrations';

export class Migration20261202015046_operations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "key_state" ("name" varchar(64) not null, "value" text not null, "updated_at" timestamptz not null, constraint "key_state_pkey" primary key ("name"));`);

    this.addSql(`create table "signing_key" ("kid" varchar(100) not null, "public_jwk" text not null, "first_used_at" timestamptz not null, "superseded_at" timestamptz null, constraint "signing_key_pkey" primary key ("kid"));`);

    this.addSql(`create table "privacy_officer" ("slot" int not null default 1, "staff_id" varchar(36) not null, "name" varchar(100) not null, "affiliation" varchar(100) not null, "position" varchar(100) not null, "email" varchar(254) not null, "phone" varchar(32) not null, "designated_at" timestamptz not null, constraint "privacy_officer_pkey" primary key ("slot"));`);
    this.addSql(`alter table "privacy_officer" add constraint "privacy_officer_staff_id_unique" unique ("staff_id");`);

    this.addSql(`alter table "privacy_officer" add constraint "privacy_officer_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade;`);

    this.addSql(`alter table "api_client" add column "session_version" int not null default 1, add column "previous_secret_hash" varchar(200) null, add column "previous_secret_until" timestamptz null, add column "contact" varchar(300) null, add column "purpose_of_use" varchar(300) null, add column "retention_period" varchar(300) null;`);

    this.addSql(`alter table "assignment" add column "task_reference" varchar(100) null, add column "ends_at" timestamptz null, add column "ended_at" timestamptz null, add column "created_by" varchar(36) null;`);

    this.addSql(`alter table "staff" add column "must_change_password" boolean not null default false, add column "disabled_at" timestamptz null;`);

    // Partners now receive only their listed fields; one registered before received what MARKETING reads.
    this.addSql(`update "api_client" set "entrusted_fields" = '["loginId","name","email","phone","birthDate","gender","ageBand"]' where "kind" = 'PARTNER' and "entrusted_fields"::text = '[]';`);

    // A gateway that already published its privacy officer on the staff row keeps publishing it, now designated.
    this.addSql(`insert into "privacy_officer" ("slot", "staff_id", "name", "affiliation", "position", "email", "phone", "designated_at") select 1, "id", "name", 'Privacy Office', coalesce("position", 'Privacy Officer'), "email", "phone", now() from "staff" where "role" = 'PRIVACY_OFFICER' and "email" is not null and "phone" is not null order by "login_id" limit 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "key_state" cascade;`);

    this.addSql(`drop table if exists "signing_key" cascade;`);

    this.addSql(`drop table if exists "privacy_officer" cascade;`);

    this.addSql(`alter table "api_client" drop column "session_version", drop column "previous_secret_hash", drop column "previous_secret_until", drop column "contact", drop column "purpose_of_use", drop column "retention_period";`);

    this.addSql(`alter table "assignment" drop column "task_reference", drop column "ends_at", drop column "ended_at", drop column "created_by";`);

    this.addSql(`alter table "staff" drop column "must_change_password", drop column "disabled_at";`);
  }

}
