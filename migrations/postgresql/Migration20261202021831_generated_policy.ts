import { Migration } from '@mikro-orm/migrations';

export class Migration20261202021831_generated_policy extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "consent" add column "recipient_listing" text null;`);

    this.addSql(`alter table "policy_version" add column "document" text null, add column "content_hash" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent" drop column "recipient_listing";`);

    this.addSql(`alter table "policy_version" drop column "document", drop column "content_hash";`);
  }

}
