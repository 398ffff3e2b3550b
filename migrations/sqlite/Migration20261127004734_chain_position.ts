import { Migration } from '@mikro-orm/migrations';

export class Migration20261127004734_chain_position extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`access_log_prev_hash_unique\`;`);

  }

}
