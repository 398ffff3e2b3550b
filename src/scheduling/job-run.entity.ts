import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One background job's last run, shared by every replica on PostgreSQL: the replica that locks the row runs the job
 * (`src/scheduling/claim.ts`), the others skip it, so each job runs once per interval however many replicas tick.
 */
@Entity({ tableName: 'job_run' })
export class JobRun {
  @PrimaryKey({ type: 'string', length: 64 })
  name!: string;

  /** When the last run started (database time); null: never run. */
  @Property({ type: 'datetime', nullable: true })
  lastRunAt: Date | null = null;

  /** Which replica ran it last (host and process id), for the operator. */
  @Property({ type: 'string', length: 200, nullable: true })
  lastRunBy: string | null = null;

  @Property({ type: 'integer', default: 0 })
  runs = 0;
}
