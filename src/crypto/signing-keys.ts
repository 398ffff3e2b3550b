import type { Knex } from '@mikro-orm/knex';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../clock';
import { keyRing, SIGNING_ALG, type KeyDirectory, type KeyRing, type RecordedKey } from './keys';

/**
 * Records the signing key in `signing_key` (first use) and marks every other key still signing superseded now:
 * the key in SIGNING_KEY is the one that signs, on every replica. Refuses a kid that was superseded before (going
 * back to a retired key would revive it past the windows other replicas already closed) and a kid recorded for
 * another public key. Rows are never deleted: old checkpoints and anchors verify against them.
 */
export async function recordSigningKey(knex: Knex, publicJwk: JWK, now: Date): Promise<void> {
  const kid = publicJwk.kid!;
  await knex.transaction(async (trx) => {
    const row = await trx('signing_key').first('public_jwk', 'superseded_at').where({ kid });
    if (row) {
      const recorded = JSON.parse(row.public_jwk as string) as JWK;
      if (recorded.x !== publicJwk.x || recorded.crv !== publicJwk.crv) {
        throw new Error(
          `SIGNING_KEY has kid "${kid}", which this database records for another key; give every new key a fresh kid (npm run keys -- --signing-only)`,
        );
      }
      if (row.superseded_at != null) {
        throw new Error(
          `SIGNING_KEY (kid "${kid}") was retired on ${new Date(row.superseded_at as string | number).toISOString()} when another key took over; ` +
            'a retired key is never used again: start with the current key or a new one (npm run keys -- --signing-only)',
        );
      }
    } else {
      await trx('signing_key')
        .insert({ kid, public_jwk: JSON.stringify(publicJwk), first_used_at: now, superseded_at: null })
        .onConflict('kid')
        .ignore();
    }
    await trx('signing_key').whereNot({ kid }).whereNull('superseded_at').update({ superseded_at: now });
  });
}

export interface DirectoryOptions {
  /** The longest a replica goes without re-reading the table (another replica may have rotated). */
  readonly maxAgeMs?: number;
  /**
   * Unknown kids re-read the table at most this often, so a flood of made-up kids cannot hammer the database; the
   * first one after a quiet spell reads at once (a replica that just started on a new key).
   */
  readonly unknownKidIntervalMs?: number;
  /** Monotonic milliseconds; the cache ages in real time whatever the gateway's (injectable) clock says. */
  readonly monotonicMs?: () => number;
}

/** The recorded signing keys, read from the database and cached in process. */
export function signingKeyDirectory(
  knex: Knex,
  { maxAgeMs = 30_000, unknownKidIntervalMs = 5_000, monotonicMs = () => performance.now() }: DirectoryOptions = {},
): KeyDirectory & { reload(): Promise<void> } {
  let keys = new Map<string, RecordedKey>();
  let loadedAt = -Infinity;
  let unknownKidAt = -Infinity;
  let loading: Promise<void> | null = null;

  async function load(): Promise<void> {
    try {
      const rows = (await knex('signing_key').select('kid', 'public_jwk', 'superseded_at')) as {
        kid: string;
        public_jwk: string;
        superseded_at: unknown;
      }[];
      const next = new Map<string, RecordedKey>();
      for (const r of rows) {
        const jwk = JSON.parse(r.public_jwk) as JWK;
        const known = keys.get(r.kid);
        const key = known && known.jwk.x === jwk.x ? known.key : ((await importJWK(jwk, SIGNING_ALG)) as CryptoKey);
        next.set(r.kid, {
          jwk,
          key,
          supersededAt: r.superseded_at == null ? null : new Date(r.superseded_at as string | number),
        });
      }
      keys = next;
    } finally {
      loadedAt = monotonicMs();
      loading = null;
    }
  }
  const reload = (): Promise<void> => (loading ??= load());
  // A failed re-read keeps serving the keys already known: verification should not fail with the database.
  const refresh = async (unknownKid: boolean): Promise<void> => {
    const at = monotonicMs();
    const asked = unknownKid && at - unknownKidAt >= unknownKidIntervalMs;
    if (!asked && at - loadedAt < maxAgeMs) return;
    if (asked) unknownKidAt = at;
    await reload().catch(() => undefined);
  };

  return {
    reload,
    async find(kid) {
      await refresh(!keys.has(kid));
      return keys.get(kid);
    },
    async list() {
      await refresh(false);
      return [...keys.values()];
    },
  };
}

/** `ring` with its signing key recorded (see recordSigningKey) and verification joined to every recorded key. */
export async function withRecordedSigningKeys(knex: Knex, ring: KeyRing, clock: Clock): Promise<KeyRing> {
  await recordSigningKey(knex, ring.publicJwk, clock.now());
  const directory = signingKeyDirectory(knex);
  await directory.reload();
  const own = { jwk: ring.publicJwk, key: await ring.verifyKey({ kid: ring.publicJwk.kid }), supersededAt: null };
  return keyRing(ring.signingKey, own, ring.masterKey, directory, clock);
}
