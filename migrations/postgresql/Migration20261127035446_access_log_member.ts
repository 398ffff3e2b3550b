import { Migration } from '@mikro-orm/migrations';

export class Migration20261127035446_access_log_member extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_log_member" ("seq" int not null, "member_id" varchar(36) not null, constraint "access_log_member_pkey" primary key ("seq"));`);
    this.addSql(`create index "access_log_member_member_id_seq_index" on "access_log_member" ("member_id", "seq");`);
    this.addSql(`insert into "access_log_member" ("seq", "member_id") select "seq", "member_id" from "access_log" where "member_id" is not null;`);

    this.addSql(`drop index "access_log_member_id_seq_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "access_log_member" cascade;`);

    this.addSql(`create index "access_log_member_id_seq_index" on "access_log" ("member_id", "seq");`);
  }

}
