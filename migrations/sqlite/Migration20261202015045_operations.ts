import { Migration } from '@mikro-orm/migrations';

export class Migration20261202015045_operations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`key_state\` (\`name\` text not null, \`value\` text not null, \`updated_at\` datetime not null, primary key (\`name\`));`);

    this.addSql(`create table \`signing_key\` (\`kid\` text not null, \`public_jwk\` text not null, \`first_used_at\` datetime not null, \`superseded_at\` datetime null, primary key (\`kid\`));`);

    this.addSql(`create table \`privacy_officer\` (\`slot\` integer not null default 1, \`staff_id\` text not null, \`name\` text not null, \`affiliation\` text not null, \`position\` text not null, \`email\` text not null, \`phone\` text not null, \`designated_at\` datetime not null, constraint \`privacy_officer_staff_id_foreign\` foreign key(\`staff_id\`) references \`staff\`(\`id\`) on update cascade, primary key (\`slot\`));`);
    this.addSql(`create unique index \`privacy_officer_staff_id_unique\` on \`privacy_officer\` (\`staff_id\`);`);

    this.addSql(`alter table \`api_client\` add column \`session_version\` integer not null default 1;`);
    this.addSql(`alter table \`api_client\` add column \`previous_secret_hash\` text null;`);
    this.addSql(`alter table \`api_client\` add column \`previous_secret_until\` datetime null;`);
    this.addSql(`alter table \`api_client\` add column \`contact\` text null;`);
    this.addSql(`alter table \`api_client\` add column \`purpose_of_use\` text null;`);
    this.addSql(`alter table \`api_client\` add column \`retention_period\` text null;`);

    this.addSql(`alter table \`assignment\` add column \`task_reference\` text null;`);
    this.addSql(`alter table \`assignment\` add column \`ends_at\` datetime null;`);
    this.addSql(`alter table \`assignment\` add column \`ended_at\` datetime null;`);
    this.addSql(`alter table \`assignment\` add column \`created_by\` text null;`);

    this.addSql(`alter table \`staff\` add column \`must_change_password\` integer not null default false;`);
    this.addSql(`alter table \`staff\` add column \`disabled_at\` datetime null;`);

    // Partners now receive only their listed fields; one registered before received what MARKETING reads.
    this.addSql(`update \`api_client\` set \`entrusted_fields\` = '["loginId","name","email","phone","birthDate","gender","ageBand"]' where \`kind\` = 'PARTNER' and \`entrusted_fields\` = '[]';`);

    // A gateway that already published its privacy officer on the staff row keeps publishing it, now designated.
    this.addSql(`insert into \`privacy_officer\` (\`slot\`, \`staff_id\`, \`name\`, \`affiliation\`, \`position\`, \`email\`, \`phone\`, \`designated_at\`) select 1, \`id\`, \`name\`, 'Privacy Office', coalesce(\`position\`, 'Privacy Officer'), \`email\`, \`phone\`, cast(strftime('%s', 'now') as integer) * 1000 from \`staff\` where \`role\` = 'PRIVACY_OFFICER' and \`email\` is not null and \`phone\` is not null order by \`login_id\` limit 1;`);
  }

}
