import { Migration } from '@mikro-orm/migrations';

export class Migration20261127004735_chain_position extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "access_log" drop constraint "access_log_prev_hash_unique";`);

    this.addSql(`alter table "access_log" alter column "seq" type int using ("seq"::int);`);
    this.addSql(`alter table "access_log" alter column "seq" drop default;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "access_log" alter column "seq" type int4 using ("seq"::int4);`);
    this.addSql(`create sequence if not exists "access_log_seq_seq";`);
    this.addSql(`select setval('access_log_seq_seq', (select max("seq") from "access_log"));`);
    this.addSql(`alter table "access_log" alter column "seq" set default nextval('access_log_seq_seq');`);
    this.addSql(`alter table "access_log" add constraint "access_log_prev_hash_unique" unique ("prev_hash");`);
  }

}
