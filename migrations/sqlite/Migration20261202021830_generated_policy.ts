import { Migration } from '@mikro-orm/migrations';

export class Migration20261202021830_generated_policy extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`consent\` add column \`recipient_listing\` text null;`);

    this.addSql(`alter table \`policy_version\` add column \`document\` text null;`);
    this.addSql(`alter table \`policy_version\` add column \`content_hash\` text null;`);
  }

}
