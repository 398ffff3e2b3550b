import type { GatewayContext } from '../context';
import type { AccessAction } from './access-log.entity';
import type { AccessRecord } from './chain';

const OPERATION_NAME_MAX = 200;

/** PROVIDE when the data leaves to a third party or a consignee; VIEW otherwise. */
export const readAction = (kind: string): AccessAction =>
  kind === 'PARTNER' || kind === 'CONSIGNEE' ? 'PROVIDE' : 'VIEW';

/** An access record of this request's principal and purpose. */
export function accessRecord(
  ctx: GatewayContext,
  entry: { memberId: string | null; action: AccessAction; fields: string[]; denied?: Record<string, string> },
  operationName: string | null,
): AccessRecord {
  const { principal } = ctx;
  return {
    requestId: ctx.requestId,
    at: ctx.now,
    accessorId: principal.id,
    accessorKind: principal.kind,
    accessorRole: principal.role,
    accessorName: principal.name,
    clientIp: ctx.clientIp,
    memberId: entry.memberId,
    action: entry.action,
    purpose: ctx.purpose,
    legalBasis: ctx.legalBasis,
    fields: entry.fields,
    denied: entry.denied ?? {},
    // The client names the operation; the log keeps at most what its column holds.
    operationName: operationName?.slice(0, OPERATION_NAME_MAX) ?? null,
  };
}
