import type { Knex } from '@mikro-orm/knex';
import { jsonList } from '../../db/json-list';

/** The `api_client` table as other modules may use it: they call these, never the table. */

type Db = Knex | Knex.Transaction;

/** The id of the partner registered as `clientId` (active or not), or null when no partner is. */
export async function partnerIdOf(db: Db, clientId: string): Promise<string | null> {
  const row = await db('api_client').first('id').where({ client_id: clientId, kind: 'PARTNER' });
  return (row?.id as string | undefined) ?? null;
}

/** Which of `clientIds` are partners that are active now. */
export async function activePartners(db: Db, clientIds: readonly string[]): Promise<Set<string>> {
  return new Set<string>(
    await db('api_client').whereIn('client_id', clientIds).where({ kind: 'PARTNER', active: true }).pluck('client_id'),
  );
}

/** Every token issued to the client stops at once: its session version moves on. */
export async function endClientSessions(db: Db, id: string): Promise<void> {
  await db('api_client').where({ id }).increment('session_version', 1);
}

/** The active consignees as the public lists them, by name. */
export async function activeConsignees(
  db: Db,
): Promise<{ name: string; task: string | null; entrustedFields: string[] }[]> {
  const rows = await db('api_client')
    .select('name', 'task', 'entrusted_fields as entrustedFields')
    .where({ kind: 'CONSIGNEE', active: true })
    .orderBy('name');
  return rows.map((r) => ({ ...r, entrustedFields: jsonList(r.entrustedFields) }));
}

/** Every client's name, by id (for naming recipients and consignees in a member's own records). */
export async function clientNames(db: Db): Promise<Map<string, string>> {
  const rows: { id: string; name: string }[] = await db('api_client').select('id', 'name');
  return new Map(rows.map((c) => [c.id, c.name]));
}
