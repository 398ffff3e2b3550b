import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from '../member';
import { ApiClient } from '../client';

export enum AssignmentKind {
  DELIVERY = 'DELIVERY',
  SETTLEMENT = 'SETTLEMENT',
  HOSTING = 'HOSTING',
}

/** A piece of entrusted work (an order to deliver, a payment to settle) that lets a consignee see one member. */
@Entity({ tableName: 'assignment' })
@Index({ properties: ['consignee', 'member'] })
export class Assignment {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Member;

  @ManyToOne(() => ApiClient)
  consignee!: ApiClient;

  @Enum({ items: () => AssignmentKind, type: 'string' })
  kind!: AssignmentKind;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** The order, shipment or payment this work is for, as the shop's own systems name it. */
  @Property({ type: 'string', length: 100, nullable: true })
  taskReference: string | null = null;

  /** The consignee's access to the member ends at `endsAt` or when the work is ended, whichever comes first. */
  @Property({ type: 'datetime', nullable: true })
  endsAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  endedAt: Date | null = null;

  /** Who entrusted the work: a staff id or the id of the client that created it. */
  @Property({ type: 'string', length: 36, nullable: true })
  createdBy: string | null = null;
}
