import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth/principal';
import { ANONYMOUS } from './auth/principal';
import { loadPrincipal } from './auth/load-principal';
import { gatewayError } from './errors';
import type { MemberState } from './policy/member-state';
import { AccessCollector } from './audit/collector';
import { isPurpose, type Purpose } from './policy/purposes';
import type { Services } from './services';

export interface GatewayContext {
  readonly services: Services;
  readonly principal: Principal;
  readonly purpose: Purpose | null;
  readonly requestId: string;
  readonly clientIp: string;
  readonly userAgent: string;
  /** One instant per request, so every decision in it agrees on ages and expiries. */
  readonly now: Date;
  /** Filled by the resolvers that load members, read by the policy rules. */
  readonly memberStates: Map<string, MemberState>;
  /** The legal basis (e.g. a warrant reference) a LEGAL_REQUEST names in `X-Legal-Basis`. */
  readonly legalBasis: string | null;
  /** Every personal-field decision of this request, for the access log. */
  readonly access: AccessCollector;
}

export interface RequestLike {
  readonly headers: IncomingHttpHeaders;
  readonly ip?: string | undefined;
}

export async function createContext(services: Services, req: RequestLike): Promise<GatewayContext> {
  const principal = await authenticate(services, req.headers.authorization);
  const purpose = declaredPurpose(principal, req.headers['x-purpose']);
  return {
    services,
    principal,
    purpose,
    legalBasis: legalBasis(purpose, req.headers['x-legal-basis']),
    access: new AccessCollector(),
    requestId: randomUUID(),
    clientIp: req.ip ?? '',
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
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
  if (!isPurpose(value)) throw gatewayError('BAD_USER_INPUT', 'X-Purpose names no known purpose.', { header: 'X-Purpose', http: { status: 400 } });
  if (!principal.purposes.includes(value)) {
    throw gatewayError('FORBIDDEN_PURPOSE', `This principal may not declare the purpose ${value}.`);
  }
  return value;
}

function legalBasis(purpose: Purpose | null, header: string | string[] | undefined): string | null {
  const value = typeof header === 'string' ? header.trim().slice(0, 300) : '';
  if (purpose === 'LEGAL_REQUEST' && value === '') {
    throw gatewayError('BAD_USER_INPUT', 'A LEGAL_REQUEST must name its legal basis in the X-Legal-Basis header.', { header: 'X-Legal-Basis', http: { status: 400 } });
  }
  return value === '' ? null : value;
}
