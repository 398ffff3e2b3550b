import { Migration } from '@mikro-orm/migrations';

export class Migration20261202132716_destruction_notices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "usage_notice" ("member_id" varchar(36) not null, "year" int not null, "queued_at" timestamptz not null, constraint "usage_notice_pkey" primary key ("member_id", "year"));`);

    this.addSql(`alter table "correction_notice" add column "change" varchar(16) not null default 'CORRECTED';`);

    this.addSql(`alter table "notification" add column "carries_code" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "usage_notice" cascade;`);

    this.addSql(`alter table "correction_notice" drop column "change";`);

    this.addSql(`alter table "notification" drop column "carries_code";`);
  }

}
