import { Migration } from '@mikro-orm/migrations';

/**
 * The access log and its member index become range-partitioned by `seq` (src/audit/partitions.ts says why `seq`
 * and not `at`). Existing rows move into one partition of their own; the next one, ahead of them, holds a million
 * rows; a default partition takes rows past the last one. The retention run creates partitions ahead after this.
 * `seq` becomes a bigint here (and in the anchor): at a thousand 50-row pages a second a 32-bit position lasts half
 * a day.
 */
export class Migration20261202173000_access_log_partitions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "access_log" rename to "access_log_unpartitioned";`);
    this.addSql(`alter table "access_log_unpartitioned" rename constraint "access_log_pkey" to "access_log_unpartitioned_pkey";`);
    this.addSql(`alter index "access_log_at_index" rename to "access_log_unpartitioned_at_index";`);
    this.addSql(`alter index "access_log_accessor_id_seq_index" rename to "access_log_unpartitioned_accessor_id_seq_index";`);
    this.addSql(`alter table "access_log_member" rename to "access_log_member_unpartitioned";`);
    this.addSql(`alter table "access_log_member_unpartitioned" rename constraint "access_log_member_pkey" to "access_log_member_unpartitioned_pkey";`);
    this.addSql(`alter index "access_log_member_member_id_seq_index" rename to "access_log_member_unpartitioned_member_id_seq_index";`);

    this.addSql(`create table "access_log" ("seq" bigint not null, "request_id" varchar(36) not null, "at" timestamptz not null, "accessor_id" varchar(36) not null, "accessor_kind" varchar(16) not null, "accessor_role" varchar(32) null, "accessor_name" varchar(200) not null, "client_ip" varchar(64) not null, "ip_digest" varchar(64) null, "member_id" varchar(36) null, "action" varchar(16) not null, "purpose" varchar(32) null, "legal_basis" varchar(300) null, "fields" jsonb not null, "denied" jsonb not null, "operation_name" varchar(200) null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "access_log_pkey" primary key ("seq")) partition by range ("seq");`);
    this.addSql(`create index "access_log_at_index" on "access_log" ("at");`);
    this.addSql(`create index "access_log_accessor_id_seq_index" on "access_log" ("accessor_id", "seq");`);
    this.addSql(`create table "access_log_member" ("seq" bigint not null, "member_id" varchar(36) not null, constraint "access_log_member_pkey" primary key ("seq")) partition by range ("seq");`);
    this.addSql(`create index "access_log_member_member_id_seq_index" on "access_log_member" ("member_id", "seq");`);
    this.addSql(`create table "access_log_default" partition of "access_log" default;`);
    this.addSql(`create table "access_log_member_default" partition of "access_log_member" default;`);
    this.addSql(`do $$
      declare
        low bigint;
        top bigint;
      begin
        select min("seq"), max("seq") into low, top from "access_log_unpartitioned";
        if top is not null then
          execute format('create table %I partition of "access_log" for values from (%s) to (%s)', 'access_log_' || low, low, top + 1);
          execute format('create table %I partition of "access_log_member" for values from (%s) to (%s)', 'access_log_member_' || low, low, top + 1);
        end if;
        top := greatest(coalesce(top, 0), (select coalesce(max("seq"), 0) from "access_log_anchor")) + 1;
        execute format('create table %I partition of "access_log" for values from (%s) to (%s)', 'access_log_' || top, top, top + 1000000);
        execute format('create table %I partition of "access_log_member" for values from (%s) to (%s)', 'access_log_member_' || top, top, top + 1000000);
      end $$;`);
    this.addSql(`insert into "access_log" ("seq", "request_id", "at", "accessor_id", "accessor_kind", "accessor_role", "accessor_name", "client_ip", "ip_digest", "member_id", "action", "purpose", "legal_basis", "fields", "denied", "operation_name", "prev_hash", "hash") select "seq", "request_id", "at", "accessor_id", "accessor_kind", "accessor_role", "accessor_name", "client_ip", "ip_digest", "member_id", "action", "purpose", "legal_basis", "fields", "denied", "operation_name", "prev_hash", "hash" from "access_log_unpartitioned";`);
    this.addSql(`insert into "access_log_member" ("seq", "member_id") select "seq", "member_id" from "access_log_member_unpartitioned";`);
    this.addSql(`alter table "access_log_anchor" alter column "seq" type bigint;`);
    this.addSql(`drop table "access_log_unpartitioned";`);
    this.addSql(`drop table "access_log_member_unpartitioned";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table "access_log_unpartitioned" (like "access_log" including all);`);
    this.addSql(`insert into "access_log_unpartitioned" select * from "access_log";`);
    this.addSql(`drop table "access_log" cascade;`);
    this.addSql(`alter table "access_log_unpartitioned" rename to "access_log";`);
    this.addSql(`create table "access_log_member_unpartitioned" (like "access_log_member" including all);`);
    this.addSql(`insert into "access_log_member_unpartitioned" select * from "access_log_member";`);
    this.addSql(`drop table "access_log_member" cascade;`);
    this.addSql(`alter table "access_log_member_unpartitioned" rename to "access_log_member";`);
  }

}
