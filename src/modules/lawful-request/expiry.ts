import { randomUUID } from 'node:crypto';
import type { Services } from '../../services';
import type { AccessRecord } from '../../audit/chain';

/**
 * Writes one ADMIN row to the access log for each approved lawful request whose validity has ended (§6), once:
 * the row and the mark that it was written commit together. The accessor is the gateway itself.
 */
export async function logLawfulRequestExpiries(services: Services, now: Date): Promise<number> {
  return services.accessLog.inTransaction(async (trx) => {
    const expired = (await trx('lawful_request')
      .select('id', 'legal_basis')
      .whereNotNull('approved_at')
      .whereNull('expiry_logged_at')
      .where('valid_until', '<=', now)
      .limit(500)) as { id: string; legal_basis: string }[];
    const records: AccessRecord[] = expired.map((r) => ({
      requestId: randomUUID(),
      at: now,
      accessorId: 'gateway',
      accessorKind: 'SYSTEM',
      accessorRole: null,
      accessorName: 'gateway',
      clientIp: '',
      memberId: null,
      action: 'ADMIN',
      purpose: null,
      legalBasis: `${r.legal_basis} (lawful request ${r.id})`,
      fields: [`lawful_request:${r.id}.expired`],
      denied: {},
      operationName: null,
    }));
    if (expired.length > 0)
      await trx('lawful_request')
        .whereIn(
          'id',
          expired.map((r) => r.id),
        )
        .update({ expiry_logged_at: now });
    return { result: expired.length, records };
  });
}
