import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { KeyRing } from '../crypto/keys';
import { SIGNING_ALG } from '../crypto/keys';
import { InternalError } from '../internal-error';
import type { PrincipalKind } from './principal';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const TOKEN_TYPE = 'at+jwt';

export interface AccessClaims {
  readonly sub: string;
  readonly kind: Exclude<PrincipalKind, 'ANONYMOUS'>;
  readonly role: string | null;
  readonly purposes: readonly string[];
  /** Session version of the subject at issue time; a token whose version has moved on is dead. */
  readonly sv: number;
}

export interface TokenIssuer {
  issue(claims: AccessClaims): Promise<string>;
  verify(token: string): Promise<AccessClaims>;
}

export function tokenIssuer(keys: KeyRing, issuer: string, audience: string): TokenIssuer {
  const verifyKey = keys.verifyKeyFor(ACCESS_TOKEN_TTL_SECONDS);
  return {
    issue: (claims) =>
      new SignJWT({ kind: claims.kind, role: claims.role, purposes: claims.purposes, sv: claims.sv })
        .setProtectedHeader({ alg: SIGNING_ALG, typ: TOKEN_TYPE, kid: keys.publicJwk.kid })
        .setSubject(claims.sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
        .setJti(randomUUID())
        .sign(keys.signingKey),

    async verify(token) {
      const { payload } = await jwtVerify(token, verifyKey, {
        algorithms: [SIGNING_ALG],
        issuer,
        audience,
        typ: TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      });
      const { sub, kind, role, purposes, sv } = payload as Record<string, unknown>;
      if (
        typeof sub !== 'string' ||
        !isTokenKind(kind) ||
        !(role === null || typeof role === 'string') ||
        !Array.isArray(purposes) ||
        !purposes.every((p) => typeof p === 'string') ||
        typeof sv !== 'number'
      ) {
        throw new InternalError('TOKEN_CLAIMS_MALFORMED', 'malformed claims');
      }
      return { sub, kind, role, purposes, sv };
    },
  };
}

const tokenKinds: ReadonlySet<string> = new Set(['MEMBER', 'GUARDIAN', 'STAFF', 'PARTNER', 'CONSIGNEE']);
const isTokenKind = (v: unknown): v is AccessClaims['kind'] => typeof v === 'string' && tokenKinds.has(v);
