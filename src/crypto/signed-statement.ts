import { CompactSign, compactVerify } from 'jose';
import type { KeyRing, VerifyKey } from './keys';
import { SIGNING_ALG } from './keys';

/**
 * A JSON statement signed with the gateway key as a compact JWS. Its `typ` names what it states, so one kind of
 * statement (a checkpoint, a purge anchor) cannot be passed off as another.
 */
export const signStatement = (
  keys: Pick<KeyRing, 'signingKey' | 'publicJwk'>,
  typ: string,
  statement: object,
): Promise<string> =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(statement)))
    .setProtectedHeader({ alg: SIGNING_ALG, typ, kid: keys.publicJwk.kid })
    .sign(keys.signingKey);

export type Opened =
  { readonly ok: true; readonly statement: unknown } | { readonly ok: false; readonly why: 'signature' | 'type' };

/**
 * The statement, if `jws` carries this gateway's signature (by its `kid`, see KeyRing.verifyKey) and is of type `typ`.
 */
export async function openStatement(verifyKey: VerifyKey, typ: string, jws: string): Promise<Opened> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, verifyKey, { algorithms: [SIGNING_ALG] });
    if (protectedHeader.typ !== typ) return { ok: false, why: 'type' };
    return { ok: true, statement: JSON.parse(new TextDecoder().decode(payload)) as unknown };
  } catch {
    return { ok: false, why: 'signature' };
  }
}
