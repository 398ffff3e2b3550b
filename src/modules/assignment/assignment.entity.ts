import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Member } from '../member/member.entity';
import { ApiClient } from '../client/api-client.entity';

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
}
