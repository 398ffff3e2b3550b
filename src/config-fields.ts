import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The kinds of value an environment variable can hold, each parsed from its text (undefined when unset or empty)
 * and refused with what the value should look like. Values that may hold a secret are never quoted.
 */

type Ctx = z.RefinementCtx<string | undefined>;

const refuse = (ctx: Ctx, message: string): never => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

const shown = (raw: string): string => JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);

const text = () => z.string().optional();

/**
 * A whole number from `min` to `max`. `what` names it in a refusal ("a whole number of milliseconds"), the
 * default serves as its example, and `note` follows the range (what 0 means).
 */
export const wholeNumber = (what: string, min: number, max: number, fallback: number, note = '') =>
  text().transform((raw, ctx): number => {
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw)) return refuse(ctx, `expected ${what} (e.g. ${fallback}), got ${shown(raw)}`);
    const n = Number(raw);
    if (n < min || n > max) return refuse(ctx, `expected ${what} from ${min} to ${max}${note}, got ${shown(raw)}`);
    return n;
  });

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];

/** true/false, 1/0 or yes/no in any case; undefined when unset, so the caller picks the default by mode. */
export const boolean = () =>
  text().transform((raw, ctx): boolean | undefined => {
    if (raw === undefined) return undefined;
    const v = raw.toLowerCase();
    if (TRUE.includes(v)) return true;
    if (FALSE.includes(v)) return false;
    return refuse(ctx, `expected true or false (or 1/0, yes/no), got ${shown(raw)}`);
  });

export const oneOf = <const T extends readonly string[]>(values: T) =>
  text().transform((raw, ctx): T[number] | undefined => {
    if (raw === undefined) return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T[number];
    return refuse(ctx, `expected one of ${values.join(', ')}, got ${shown(raw)}`);
  });

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IP address or host name to listen on. */
export const host = (fallback: string) =>
  text().transform((raw, ctx): string => {
    if (raw === undefined) return fallback;
    if (isIP(raw) !== 0 || HOST_NAME.test(raw)) return raw;
    return refuse(
      ctx,
      `expected an IP address or host name (e.g. 127.0.0.1, or 0.0.0.0 for every interface), got ${shown(raw)}`,
    );
  });

/** A name or URI without spaces, as JWT `iss` and `aud` carry it. */
export const identifier = (fallback: string) =>
  text().transform((raw, ctx): string => {
    if (raw === undefined) return fallback;
    if (/^[\x21-\x7e]{1,300}$/.test(raw)) return raw;
    return refuse(
      ctx,
      `expected a URI or name of printable characters without spaces (e.g. ${fallback}), got ${shown(raw)}`,
    );
  });

export const directory = (fallback: string) => text().transform((raw) => raw ?? fallback);

/** A file that must exist when the gateway starts (resolved against the working directory). */
export const existingFile = () =>
  text().transform((raw, ctx): string | undefined => {
    if (raw === undefined) return undefined;
    const file = path.resolve(raw);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      return refuse(ctx, `expected the path of a readable file, got ${shown(raw)}, which is no file`);
    return file;
  });

/** A PostgreSQL connection URL; only its scheme is ever shown, as the rest may hold a password. */
export const postgresUrl = () =>
  text().transform((raw, ctx): string | undefined => {
    if (raw === undefined) return undefined;
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(raw)?.[0];
    const form = 'a URL starting with postgres:// or postgresql:// (e.g. postgres://user@localhost:5432/gateway)';
    if (!/^postgres(ql)?:\/\//.test(raw))
      return refuse(ctx, `expected ${form}, got ${scheme ? `one starting ${shown(scheme)}` : 'no URL'}`);
    if (!URL.canParse(raw)) return refuse(ctx, `expected ${form}, got one that is not a valid URL (value not shown)`);
    return raw;
  });

/** Base64 of exactly `bytes` bytes (never shown). */
export const base64Key = (bytes: number) =>
  text().transform((raw, ctx): string | undefined => {
    if (raw === undefined) return undefined;
    const form = `base64 of ${bytes} random bytes (e.g. from \`openssl rand -base64 ${bytes}\`)`;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw))
      return refuse(ctx, `expected ${form}, got a value that is not base64 (value not shown)`);
    const length = Buffer.from(raw, 'base64').length;
    if (length !== bytes) return refuse(ctx, `expected ${form}, got ${length} bytes (value not shown)`);
    return raw;
  });

/** An Ed25519 private key as a JWK in JSON (never shown). */
export const ed25519PrivateJwk = () =>
  text().transform((raw, ctx): string | undefined => {
    if (raw === undefined) return undefined;
    const form = 'an Ed25519 private JWK as JSON ({"kty":"OKP","crv":"Ed25519","x":…,"d":…})';
    let jwk: unknown;
    try {
      jwk = JSON.parse(raw);
    } catch {
      return refuse(ctx, `expected ${form}, got a value that is not JSON (value not shown)`);
    }
    const k = (jwk ?? {}) as Record<string, unknown>;
    if (k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string' || typeof k.d !== 'string') {
      return refuse(ctx, `expected ${form}, got JSON that is not an Ed25519 private key (value not shown)`);
    }
    return raw;
  });
