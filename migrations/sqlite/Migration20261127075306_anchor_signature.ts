import { Migration } from '@mikro-orm/migrations';

export class Migration20261127075306_anchor_signature extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`access_log_anchor\` add column \`signature\` text null;`);
  }

}
