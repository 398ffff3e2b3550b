import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth/principal';
import { ANONYMOUS } from './auth/principal';
import { loadPrincipal } from './auth/load-principal';
import { gatewayError } from './errors';
import type { MemberState } from './policy/member-state';
import type { PersonalField } from './policy/categories';
import type { Decision } from './policy/decide';
import { isPurpose, type Purpose } from './policy/purposes';
import type { Services } from './services';

export interface GatewayContext {
  readonly services: Services;
  readonly principal: Principal;
  readonly purpose: Purpose | null;
  readonly requestId: string;
  readonly clientIp: string;
  /** One instant per request, so every decision in it agrees on ages and expiries. */
  readonly now: Date;
  /** Filled by the resolvers that load members, read by the policy rules. */
  readonly memberStates: Map<string, MemberState>;
  /** Told of every personal-field decision, allowed or denied. */
  readonly onFieldDecision?: (memberId: string, field: PersonalField, decision: Decision) => void;
}

export interface RequestLike {
  readonly headers: IncomingHttpHeaders;
  readonly ip?: string | undefined;
}

export async function createContext(services: Services, req: RequestLike): Promise<GatewayContext> {
  const principal = await authenticate(services, req.headers.authorization);
  return {
    services,
    principal,
    purpose: declaredPurpose(principal, req.headers['x-purpose']),
    requestId: randomUUID(),
    clientIp: req.ip ?? '',
    now: services.clock.now(),
    memberStates: new Map(),
  };
}

async function authenticate(services: Services, header: string | undefined): Promise<Principal> {
  if (header === undefined || header === '') return ANONYMOUS;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  const principal = match?.[1] ? await loadPrincipal(services, match[1]) : null;
  if (!principal) throw gatewayError('UNAUTHENTICATED', 'The access token is invalid or expired.');
  return principal;
}

function declaredPurpose(principal: Principal, header: string | string[] | undefined): Purpose | null {
  if (header === undefined || header === '') return null;
  const value = Array.isArray(header) ? header.join(',') : header.trim();
  if (!isPurpose(value)) throw gatewayError('BAD_USER_INPUT', 'X-Purpose names no known purpose.', { header: 'X-Purpose' });
  if (!principal.purposes.includes(value)) {
    throw gatewayError('FORBIDDEN_PURPOSE', `This principal may not declare the purpose ${value}.`);
  }
  return value;
}
