import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000256_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_client\` (\`id\` text not null, \`client_id\` text not null, \`name\` text not null, \`kind\` text check (\`kind\` in ('PARTNER', 'CONSIGNEE')) not null, \`secret_hash\` text not null, \`allowed_purposes\` json not null, \`entrusted_fields\` json not null, \`task\` text null, \`active\` integer not null default true, primary key (\`id\`));`);
    this.addSql(`create unique index \`api_client_client_id_unique\` on \`api_client\` (\`client_id\`);`);

    this.addSql(`create table \`member\` (\`id\` text not null, \`login_id\` text not null, \`password_hash\` text null, \`status\` text check (\`status\` in ('ACTIVE', 'PENDING_GUARDIAN', 'WITHDRAWN')) not null default 'ACTIVE', \`session_version\` integer not null default 1, \`name\` text not null, \`email\` text null, \`phone\` text null, \`address\` text null, \`delivery_area\` text null, \`birth_date\` text null, \`gender\` text null, \`wrapped_data_key\` text null, \`bank_account_sealed\` text null, \`card_number_sealed\` text null, \`signup_ip\` text null, \`browser\` text null, \`os\` text null, \`inflow_route\` text null, \`created_at\` datetime not null, \`withdrawn_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create unique index \`member_login_id_unique\` on \`member\` (\`login_id\`);`);
    this.addSql(`create unique index \`member_email_unique\` on \`member\` (\`email\`);`);
    this.addSql(`create index \`member_delivery_area_index\` on \`member\` (\`delivery_area\`);`);

    this.addSql(`create table \`guardian\` (\`id\` text not null, \`child_id\` text not null, \`name\` text not null, \`contact\` text not null, \`verified_at\` datetime null, \`verification_method\` text null, \`created_at\` datetime not null, constraint \`guardian_child_id_foreign\` foreign key(\`child_id\`) references \`member\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`guardian_child_id_index\` on \`guardian\` (\`child_id\`);`);
    this.addSql(`create index \`guardian_contact_index\` on \`guardian\` (\`contact\`);`);

    this.addSql(`create table \`correction_request\` (\`id\` text not null, \`member_id\` text not null, \`field\` text not null, \`new_value\` text null, \`reason\` text not null, \`status\` text check (\`status\` in ('OPEN', 'COMPLETED', 'REJECTED')) not null default 'OPEN', \`requested_at\` datetime not null, \`resolved_at\` datetime null, constraint \`correction_request_member_id_foreign\` foreign key(\`member_id\`) references \`member\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`correction_request_member_id_index\` on \`correction_request\` (\`member_id\`);`);
    this.addSql(`create index \`correction_request_member_id_status_index\` on \`correction_request\` (\`member_id\`, \`status\`);`);

    this.addSql(`create table \`consent\` (\`id\` text not null, \`member_id\` text not null, \`purpose\` text check (\`purpose\` in ('ESSENTIAL', 'MARKETING', 'THIRD_PARTY_PROVISION', 'OPTIONAL_ITEMS')) not null, \`recipient\` text null, \`policy_version\` integer not null, \`granted_at\` datetime not null, \`withdrawn_at\` datetime null, \`method\` text not null, \`given_by\` text check (\`given_by\` in ('SELF', 'GUARDIAN')) not null default 'SELF', constraint \`consent_member_id_foreign\` foreign key(\`member_id\`) references \`member\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`consent_member_id_index\` on \`consent\` (\`member_id\`);`);
    this.addSql(`create index \`consent_member_id_purpose_index\` on \`consent\` (\`member_id\`, \`purpose\`);`);

    this.addSql(`create table \`assignment\` (\`id\` text not null, \`member_id\` text not null, \`consignee_id\` text not null, \`kind\` text check (\`kind\` in ('DELIVERY', 'SETTLEMENT', 'HOSTING')) not null, \`created_at\` datetime not null, constraint \`assignment_member_id_foreign\` foreign key(\`member_id\`) references \`member\`(\`id\`) on delete cascade on update cascade, constraint \`assignment_consignee_id_foreign\` foreign key(\`consignee_id\`) references \`api_client\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`assignment_member_id_index\` on \`assignment\` (\`member_id\`);`);
    this.addSql(`create index \`assignment_consignee_id_index\` on \`assignment\` (\`consignee_id\`);`);
    this.addSql(`create index \`assignment_consignee_id_member_id_index\` on \`assignment\` (\`consignee_id\`, \`member_id\`);`);

    this.addSql(`create table \`policy_version\` (\`version\` integer not null, \`text\` text not null, \`enforced_from\` text not null, \`requires_reconsent\` integer not null default false, \`published_at\` datetime not null, primary key (\`version\`));`);

    this.addSql(`create table \`staff\` (\`id\` text not null, \`login_id\` text not null, \`name\` text not null, \`password_hash\` text not null, \`role\` text check (\`role\` in ('CS_AGENT', 'MARKETER', 'ANALYST', 'PRIVACY_OFFICER', 'ADMIN')) not null, \`session_version\` integer not null default 1, \`email\` text null, \`phone\` text null, \`position\` text null, primary key (\`id\`));`);
    this.addSql(`create unique index \`staff_login_id_unique\` on \`staff\` (\`login_id\`);`);
  }

}
