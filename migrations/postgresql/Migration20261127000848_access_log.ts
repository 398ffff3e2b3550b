import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000848_access_log extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_log" ("seq" serial primary key, "request_id" varchar(36) not null, "at" timestamptz not null, "accessor_id" varchar(36) not null, "accessor_kind" varchar(16) not null, "accessor_role" varchar(32) null, "accessor_name" varchar(200) not null, "client_ip" varchar(64) not null, "member_id" varchar(36) null, "action" varchar(16) not null, "purpose" varchar(32) null, "legal_basis" varchar(300) null, "fields" jsonb not null, "denied" jsonb not null, "operation_name" varchar(200) null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`alter table "access_log" add constraint "access_log_prev_hash_unique" unique ("prev_hash");`);
    this.addSql(`create index "access_log_at_index" on "access_log" ("at");`);
    this.addSql(`create index "access_log_accessor_id_seq_index" on "access_log" ("accessor_id", "seq");`);
    this.addSql(`create index "access_log_member_id_seq_index" on "access_log" ("member_id", "seq");`);

    this.addSql(`create table "access_log_anchor" ("seq" int not null, "hash" varchar(64) not null, "purged_at" timestamptz not null, "purged_rows" int not null, constraint "access_log_anchor_pkey" primary key ("seq"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "access_log" cascade;`);

    this.addSql(`drop table if exists "access_log_anchor" cascade;`);
  }

}
