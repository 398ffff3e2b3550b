import { Migration } from '@mikro-orm/migrations';

export class Migration20261202030135_guardian_session extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`guardian\` add column \`session_version\` integer not null default 1;`);
  }

}
