import { Entity, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Staff } from '../staff';

/** The one designated privacy officer (§12): a staff account and the contact published for it. */
@Entity({ tableName: 'privacy_officer' })
export class PrivacyOfficerDesignation {
  /** Always 1: the table holds at most one row, so a second officer is impossible by construction. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  slot: number = 1;

  @OneToOne(() => Staff, { owner: true, unique: true })
  staff!: Staff;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 100 })
  affiliation!: string;

  @Property({ type: 'string', length: 100 })
  position!: string;

  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 32 })
  phone!: string;

  @Property({ type: 'datetime' })
  designatedAt!: Date;
}
