import type { Knex } from '@mikro-orm/knex';
import type { PolicyDocument } from '../public';
import { consigneeListing, recipientListing } from '../policy-document';
import type { PolicyDocumentJson } from '../policy-document';

export const VERSION_COLUMNS = [
  'version',
  'text',
  'document',
  'content_hash',
  'enforced_from',
  'requires_reconsent',
  'published_at',
];

export interface StoredVersion extends PolicyDocument {
  readonly document: PolicyDocumentJson | null;
}

export const toStoredVersion = (r: Record<string, unknown>): StoredVersion => {
  const document = r.document == null ? null : (JSON.parse(String(r.document)) as PolicyDocumentJson);
  return {
    version: Number(r.version),
    text: String(r.text),
    enforcedFrom: String(r.enforced_from),
    requiresReconsent: Boolean(r.requires_reconsent),
    contentHash: (r.content_hash as string | null) ?? null,
    document,
    recipients: document ? document.snapshot.partners.map(recipientListing) : [],
    consignees: document ? document.snapshot.consignees.map(consigneeListing) : [],
  };
};

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** One version by number, or the one in force on `now` when `version` is null. */
export async function storedVersion(knex: Knex, version: number | null, now: Date): Promise<StoredVersion | null> {
  const q = knex('policy_version').first(VERSION_COLUMNS);
  const row =
    version != null
      ? await q.where({ version })
      : await q.where('enforced_from', '<=', today(now)).orderBy('version', 'desc');
  return row ? toStoredVersion(row) : null;
}

/** Every version, newest first, without the documents' bodies parsed beyond the lists. */
export const storedVersions = async (knex: Knex): Promise<StoredVersion[]> =>
  (await knex('policy_version').select(VERSION_COLUMNS).orderBy('version', 'desc')).map(toStoredVersion);
