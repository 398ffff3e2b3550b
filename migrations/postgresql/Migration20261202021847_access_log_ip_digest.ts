import { Migration } from '@mikro-orm/migrations';

export class Migration20261202021847_access_log_ip_digest extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "access_log" add column "ip_digest" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "access_log" drop column "ip_digest";`);
  }

}
