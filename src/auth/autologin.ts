import { SignJWT, jwtVerify } from 'jose';
import type { KeyRing } from '../crypto/keys';
import { SIGNING_ALG } from '../crypto/keys';

/** How long "keep me logged in" lasts; logout or a password change ends it earlier (session version). */
export const AUTOLOGIN_TTL_SECONDS = 30 * 24 * 3600;
const TYP = 'autologin+jwt';

/**
 * The long-lived credential behind automatic log-in (§2, §8). Its own type and audience, so it can never be used
 * as an access token, and issued only to members who allowed personalised cookies. `at` is when it was issued, in
 * milliseconds on the gateway's clock, so a cookie choice made after it can end it.
 */
export function autologinTokens(keys: KeyRing, issuer: string, audience: string) {
  const aud = `${audience}:autologin`;
  const verifyKey = keys.verifyKeyFor(AUTOLOGIN_TTL_SECONDS);
  return {
    issue: (memberId: string, sessionVersion: number, at: Date): Promise<string> =>
      new SignJWT({ sv: sessionVersion, at: at.getTime() })
        .setProtectedHeader({ alg: SIGNING_ALG, typ: TYP, kid: keys.publicJwk.kid })
        .setSubject(memberId)
        .setIssuer(issuer)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(`${AUTOLOGIN_TTL_SECONDS}s`)
        .setJti(crypto.randomUUID())
        .sign(keys.signingKey),
    async verify(token: string): Promise<{ memberId: string; sv: number; at: number } | null> {
      try {
        const { payload } = await jwtVerify(token, verifyKey, {
          algorithms: [SIGNING_ALG],
          issuer,
          audience: aud,
          typ: TYP,
          requiredClaims: ['exp', 'sub'],
        });
        const { sv, at, sub } = payload;
        return typeof sv === 'number' && typeof at === 'number' && sub ? { memberId: sub, sv, at } : null;
      } catch {
        return null;
      }
    },
  };
}
