import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth/principal';
import { ANONYMOUS } from './auth/principal';
import { loadPrincipal } from './auth/load-principal';
import { gatewayError } from './errors';
import { MemberDecisions } from './policy/member-decisions';
import { AccessCollector } from './audit/collector';
import type { LawfulScope } from './policy/decide';
import { isPurpose, type Purpose } from './policy/purposes';
import type { Services } from './services';
import { approvedLawfulRequest } from './modules/lawful-request';

export interface GatewayContext {
  readonly services: Services;
  readonly principal: Principal;
  readonly purpose: Purpose | null;
  readonly requestId: string;
  readonly clientIp: string;
  readonly userAgent: string;
  /** One instant per request, so every decision in it agrees on ages and expiries. */
  readonly now: Date;
  /** This request's personal-field decisions, per member and place, made by the policy rules. */
  readonly decisions: MemberDecisions;
  /** For LEGAL_REQUEST: the legal basis logged with every read (the request's reference and id). */
  readonly legalBasis: string | null;
  /** For LEGAL_REQUEST: the registered lawful request named in `X-Legal-Basis`. */
  readonly lawful: LawfulScope | null;
  /** Every personal-field decision of this request, for the access log. */
  readonly access: AccessCollector;
}

/** Who asked, as the request line shows it (no id for ANONYMOUS). */
export interface PrincipalRef {
  readonly kind: Principal['kind'];
  readonly id?: string;
}

export interface RequestLike {
  readonly headers: IncomingHttpHeaders;
  readonly ip?: string | undefined;
  /** The id the HTTP layer gave the request (X-Request-Id); the context takes it so both logs agree. */
  readonly id?: unknown;
  /** Set here once the token is checked, for the request line written when the response finishes. */
  principal?: PrincipalRef;
}

export async function createContext(services: Services, req: RequestLike): Promise<GatewayContext> {
  const principal = await authenticate(services, req.headers.authorization);
  req.principal = principal.id ? { kind: principal.kind, id: principal.id } : { kind: principal.kind };
  // §6: a partner receives nothing, under any purpose, until a published version names it as it is registered.
  if (principal.unlisted) {
    throw gatewayError(
      'PURPOSE_DENIED',
      `${principal.clientId} receives nothing: ${principal.unlisted}; it does once a version naming it is published.`,
      { http: { status: 403 } },
    );
  }
  const purpose = declaredPurpose(principal, req.headers['x-purpose']);
  const now = services.clock.now();
  const lawful = purpose === 'LEGAL_REQUEST' ? await lawfulRequest(services, req.headers['x-legal-basis'], now) : null;
  const access = new AccessCollector();
  return {
    services,
    principal,
    purpose,
    legalBasis: lawful ? `${lawful.legalBasis} (lawful request ${lawful.id})` : null,
    lawful,
    access,
    decisions: new MemberDecisions(principal, purpose, lawful, access),
    requestId: typeof req.id === 'string' ? req.id : randomUUID(),
    clientIp: req.ip ?? '',
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
    now,
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
  if (!isPurpose(value))
    throw gatewayError('BAD_USER_INPUT', 'X-Purpose names no known purpose.', {
      header: 'X-Purpose',
      http: { status: 400 },
    });
  if (!principal.purposes.includes(value)) {
    throw gatewayError('FORBIDDEN_PURPOSE', `This principal may not declare the purpose ${value}.`);
  }
  return value;
}

/**
 * LEGAL_REQUEST runs only inside a registered lawful request that a second person approved and that is valid now, named
 * by its id.
 */
async function lawfulRequest(
  services: Services,
  header: string | string[] | undefined,
  now: Date,
): Promise<LawfulScope & { legalBasis: string }> {
  const id = typeof header === 'string' ? header.trim() : '';
  const request = await approvedLawfulRequest(services.knex, id);
  if (!request || request.validFrom > now || request.validUntil <= now) {
    throw gatewayError(
      'FORBIDDEN_PURPOSE',
      'LEGAL_REQUEST needs X-Legal-Basis naming an approved lawful request that is valid now.',
      { header: 'X-Legal-Basis' },
    );
  }
  return { id: request.id, legalBasis: request.legalBasis, memberIds: request.memberIds, fields: request.fields };
}
