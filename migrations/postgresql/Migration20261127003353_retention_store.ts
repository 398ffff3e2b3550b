import { Migration } from '@mikro-orm/migrations';

/** The separate retention store (§4, §5): its own schema, reachable by no ORM entity. */
export class Migration20261127003353_retention_store extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "member" add column "handed_over_at" timestamptz null;`);
    this.addSql(`create schema if not exists "retention";`);
    this.addSql(`create table "retention"."retained_record" ("id" varchar(36) not null primary key, "member_ref" varchar(36) not null, "category" varchar(32) not null, "legal_basis" varchar(300) not null, "retained_at" timestamptz not null, "expires_at" timestamptz not null, "wrapped_key" text not null, "payload" text not null, unique ("member_ref", "category"));`);
    this.addSql(`create index "retained_record_expires_at_index" on "retention"."retained_record" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "retention"."retained_record";`);
    this.addSql(`alter table "member" drop column "handed_over_at";`);
  }

}
