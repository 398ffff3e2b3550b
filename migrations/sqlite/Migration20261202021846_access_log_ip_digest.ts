import { Migration } from '@mikro-orm/migrations';

export class Migration20261202021846_access_log_ip_digest extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`access_log\` add column \`ip_digest\` text null;`);
  }

}
