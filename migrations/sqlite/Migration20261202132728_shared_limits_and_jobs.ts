import { Migration } from '@mikro-orm/migrations';

export class Migration20261202132728_shared_limits_and_jobs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`job_run\` (\`name\` text not null, \`last_run_at\` datetime null, \`last_run_by\` text null, \`runs\` integer not null default 0, primary key (\`name\`));`);

    this.addSql(`create table \`rate_limit\` (\`key\` text not null, \`points\` integer not null, \`expire\` bigint null, primary key (\`key\`));`);
    this.addSql(`create index \`rate_limit_expire_index\` on \`rate_limit\` (\`expire\`);`);

  }

}
