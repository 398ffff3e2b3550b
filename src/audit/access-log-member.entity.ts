import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Which member each access-log row concerns, for finding a member's rows. Kept apart from `access_log` and filled
 * in batches behind it (`indexMembers`), so a request's log write does not update a member-keyed index: on
 * SQLite that touched one page per member read. Rows past the last indexed `seq` are found by scanning that tail.
 */
@Entity({ tableName: 'access_log_member' })
@Index({ properties: ['memberId', 'seq'] })
export class AccessLogMember {
  /** The `seq` of the access-log row. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  seq!: number;

  @Property({ type: 'string', length: 36 })
  memberId!: string;
}
