import { Migration } from '@mikro-orm/migrations';

export class Migration20261202030136_guardian_session extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "guardian" add column "session_version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "guardian" drop column "session_version";`);
  }

}
