import type { Request, Response } from 'express';
import type { Services } from '../services';
import { verifySecret } from '../crypto/password';
import { purposesFor } from '../policy/purposes';
import { jsonList } from '../db/json-list';
import { ACCESS_TOKEN_TTL_SECONDS } from '../auth/tokens';

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

function fail(res: Response, status: number, error: OAuthError, description: string): void {
  if (error === 'invalid_client') res.setHeader('WWW-Authenticate', 'Basic realm="oauth"');
  res.status(status).setHeader('Cache-Control', 'no-store').json({ error, error_description: description });
}

function credentials(req: Request): { id: string; secret: string } | 'malformed' | null {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at < 0) return null;
    try {
      return { id: decodeURIComponent(decoded.slice(0, at)), secret: decodeURIComponent(decoded.slice(at + 1)) };
    } catch {
      return 'malformed'; // a broken percent-encoding is the client's fault (RFC 6749 §2.3.1 encodes both parts)
    }
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  return typeof body.client_id === 'string' && typeof body.client_secret === 'string'
    ? { id: body.client_id, secret: body.client_secret }
    : null;
}

/** The current secret, or the one before the last rotation while its overlap lasts. */
async function acceptsSecret(
  client: { hash: string; previous: string | null; until: unknown },
  secret: string,
  now: Date,
): Promise<boolean> {
  if (await verifySecret(client.hash, secret)) return true;
  const overlapping = client.previous !== null && client.until != null && new Date(client.until as string) > now;
  return overlapping && verifySecret(client.previous ?? undefined, secret);
}

/** RFC 6749 §4.4: the client-credentials grant for PARTNER and CONSIGNEE clients. */
export const oauthToken =
  (services: Services) =>
  async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credentials') {
      return fail(
        res,
        400,
        body.grant_type ? 'unsupported_grant_type' : 'invalid_request',
        'grant_type must be client_credentials.',
      );
    }
    const creds = credentials(req);
    if (creds === 'malformed')
      return fail(res, 400, 'invalid_request', 'The Basic credentials are not valid percent-encoding.');
    if (!creds) return fail(res, 401, 'invalid_client', 'Client authentication is required.');
    const client = await services
      .knex('api_client')
      .first(
        'id',
        'kind',
        'secret_hash as hash',
        'previous_secret_hash as previous',
        'previous_secret_until as until',
        'allowed_purposes as allowed',
        'session_version as sv',
      )
      .where({ client_id: creds.id, active: true });
    // Throttled like log-ins, per client id (known or not) and per address; the secret is checked only once reserved.
    const verdict = await services.throttles.clientSecret.check(creds.id, req.ip ?? '', async () => {
      if (client) return acceptsSecret(client, creds.secret, services.clock.now());
      await verifySecret(undefined, creds.secret); // unknown ids cost the same as wrong secrets
      return false;
    });
    if (verdict.kind === 'limited') {
      res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
      return fail(res, 429, 'invalid_request', 'Too many failed attempts; try again later.');
    }
    if (!client || verdict.kind === 'refused') return fail(res, 401, 'invalid_client', 'Client authentication failed.');
    const granted = purposesFor({ kind: client.kind, role: null }, jsonList(client.allowed));
    const asked = typeof body.scope === 'string' && body.scope.trim() ? body.scope.trim().split(/\s+/) : granted;
    if (asked.some((p) => !(granted as string[]).includes(p))) {
      return fail(res, 400, 'invalid_scope', 'The requested scope exceeds what this client is granted.');
    }
    const accessToken = await services.tokens.issue({
      sub: client.id,
      kind: client.kind,
      role: null,
      purposes: asked,
      sv: Number(client.sv),
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      scope: asked.join(' '),
    });
  };
