import type { Knex } from '@mikro-orm/knex';

/**
 * Erases the client address of rows dated before `cutoff` written by these kinds of accessor, where the row's hash
 * covers the address's digest instead (v2), so the chain still verifies; a v1 row's address is part of its hash and
 * stays until the row is purged. Returns how many rows lost theirs.
 */
export const eraseLogAddresses = (
  trx: Knex.Transaction,
  accessorKinds: readonly string[],
  cutoff: Date,
): Promise<number> =>
  trx('access_log')
    .whereNotNull('ip_digest')
    .whereIn('accessor_kind', accessorKinds)
    .where('client_ip', '<>', '')
    .where('at', '<', cutoff)
    .update({ client_ip: '' });
