import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { gatewayError } from '../../errors';

/**
 * Where a webhook may point. In production: `https:` only, and never at this machine, a private network, a
 * link-local or cloud-metadata address, checked when the URL is registered and again at delivery, against every
 * address its name resolves to then (a name that resolved to a public address at registration can move).
 * Development allows `http:` and loopback, so a shop can try webhooks on one machine.
 */
const forbidden = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  forbidden.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  forbidden.addSubnet(net, bits, 'ipv6');

const FORBIDDEN_NAMES = /^(localhost|metadata|metadata\.google\.internal)$|\.localhost$/i;

/** An IPv6 address carrying an IPv4 one (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::`) is judged by the IPv4 inside. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  return v4 !== null ? forbidden.check(v4, 'ipv4') : forbidden.check(address, 'ipv6');
}

const bad = (message: string) => gatewayError('BAD_USER_INPUT', message, { field: 'url' });

/** The URL as registered: its form, scheme and (in production) a host that is no forbidden name or address. */
export function checkWebhookUrl(raw: string, production: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad('url is not an absolute URL.');
  }
  if (raw.length > 500) throw bad('url must be at most 500 characters.');
  if (url.username || url.password) throw bad('url must not carry credentials; the secret signs each delivery.');
  if (production ? url.protocol !== 'https:' : !['https:', 'http:'].includes(url.protocol)) {
    throw bad(production ? 'url must be https: in production.' : 'url must be http: or https:.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (production && (FORBIDDEN_NAMES.test(host) || (isIP(host) !== 0 && isForbiddenAddress(host)))) {
    throw bad('url must not point at a loopback, private, link-local or metadata address.');
  }
  return url;
}

/** A resolver for delivery that refuses the connection when any address of the name is forbidden. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => isForbiddenAddress(a.address))) {
      return callback(
        Object.assign(new Error(`${hostname} resolves to a forbidden address`), { code: 'EFORBIDDEN' }),
        '',
        4,
      );
    }
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};

/** POSTs a JSON body to a webhook, checked as above; resolves to the HTTP status. */
export async function postWebhook(
  raw: string,
  headers: Record<string, string>,
  body: string,
  options: { production: boolean; timeoutMs: number },
): Promise<number> {
  const url = checkWebhookUrl(raw, options.production);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs,
        ...(options.production ? { lookup: guardedLookup } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
