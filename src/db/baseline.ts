import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../services';

export const BASELINE_POLICY_VERSION = 1;
export const BASELINE_POLICY_ENFORCED_FROM = '2026-01-01';

/** What every gateway needs, production included: the published policy text as version 1. */
export async function ensureBaseline({ knex }: Services): Promise<void> {
  const existing = await knex('policy_version').first('version').where({ version: BASELINE_POLICY_VERSION });
  if (existing) return;
  const text = fs.readFileSync(path.join(__dirname, '../modules/policy-version/privacy-policy-v1.txt'), 'utf8');
  await knex('policy_version').insert({
    version: BASELINE_POLICY_VERSION,
    text,
    enforced_from: BASELINE_POLICY_ENFORCED_FROM,
    requires_reconsent: false,
    published_at: new Date(`${BASELINE_POLICY_ENFORCED_FROM}T00:00:00Z`),
  });
}
