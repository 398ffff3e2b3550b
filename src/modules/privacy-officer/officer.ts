import type { Knex } from '@mikro-orm/knex';

/** The `privacy_officer` table as other modules may use it: they call these, never the table. */

/** The designated officer's published contact (§11). */
export interface PublishedOfficer {
  name: string;
  affiliation: string;
  position: string;
  email: string;
  phone: string;
}

/** The designated officer as published, or null before one is designated (one slot: one officer at a time). */
export async function designatedOfficer(db: Knex): Promise<PublishedOfficer | null> {
  return (
    (await db('privacy_officer').first('name', 'affiliation', 'position', 'email', 'phone').where({ slot: 1 })) ?? null
  );
}

/** Whether this staff account is the designated officer. */
export async function isDesignatedOfficer(db: Knex, staffId: string): Promise<boolean> {
  return Boolean(await db('privacy_officer').first('staff_id').where({ staff_id: staffId }));
}
