import type { Knex } from '@mikro-orm/knex';
import { gatewayError } from '../../errors';
import type { PolicyDocumentJson } from '../policy-document';

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** The policy version in force on `now`: the newest whose enforcement date has come; null before the first. */
export async function currentPolicyVersion(knex: Knex | Knex.Transaction, now: Date): Promise<number | null> {
  const row = await knex('policy_version')
    .first('version')
    .where('enforced_from', '<=', today(now))
    .orderBy('version', 'desc');
  return row ? Number(row.version) : null;
}

/** The version in force, or CONFLICT: nothing is consented to while no policy is published. */
export async function requirePolicyVersion(knex: Knex | Knex.Transaction, now: Date): Promise<number> {
  const version = await currentPolicyVersion(knex, now);
  if (version === null)
    throw gatewayError('CONFLICT', 'No privacy policy is in force yet: the privacy officer publishes one first.');
  return version;
}

/** Versions never change, so each rendered document is parsed once per database and kept. */
const documents = new WeakMap<object, Map<number, PolicyDocumentJson | null>>();

/** A version's rendered document; null for a version stored as text only (published before generation). */
export async function policyDocument(
  knex: Knex | Knex.Transaction,
  version: number,
): Promise<PolicyDocumentJson | null> {
  const key = (knex as { client?: object }).client ?? knex;
  let cache = documents.get(key);
  if (!cache) documents.set(key, (cache = new Map()));
  if (cache.has(version)) return cache.get(version)!;
  const row = await knex('policy_version').first('document').where({ version });
  if (!row) return null;
  const doc = row.document == null ? null : (JSON.parse(String(row.document)) as PolicyDocumentJson);
  cache.set(version, doc);
  return doc;
}
