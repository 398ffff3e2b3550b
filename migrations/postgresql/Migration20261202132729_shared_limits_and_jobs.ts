import { Migration } from '@mikro-orm/migrations';

export class Migration20261202132729_shared_limits_and_jobs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_run" ("name" varchar(64) not null, "last_run_at" timestamptz null, "last_run_by" varchar(200) null, "runs" int not null default 0, constraint "job_run_pkey" primary key ("name"));`);

    this.addSql(`create table "rate_limit" ("key" text not null, "points" int not null, "expire" bigint null, constraint "rate_limit_pkey" primary key ("key"));`);
    this.addSql(`create index "rate_limit_expire_index" on "rate_limit" ("expire");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_run" cascade;`);

    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }

}
