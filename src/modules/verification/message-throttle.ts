import type { GatewayContext } from '../../context';
import { rateLimited } from '../../limits/require-secret';
import type { Limiter } from '../../limits/limiter';

const TOO_MANY = 'Too many attempts; try again later.';

/** Takes one point from each limiter in turn; when one refuses, the points already taken are given back. */
export async function takeAll(pairs: ReadonlyArray<readonly [Limiter, string]>): Promise<void> {
  const taken: Array<readonly [Limiter, string]> = [];
  for (const [limiter, key] of pairs) {
    const res = await limiter.take(key);
    if (!res.allowed) {
      await limiter.giveBack(key);
      for (const [l, k] of taken) await l.giveBack(k);
      throw rateLimited(Math.max(1, Math.ceil(res.retryAfterMs / 1000)), TOO_MANY);
    }
    taken.push([limiter, key]);
  }
}

/**
 * Every message the gateway sends on a requester's behalf (codes, a guardian's consent request) is reserved here
 * first, per contact and per client address, whether or not the contact is known.
 */
export function messageAllowed(ctx: GatewayContext, contact: string): Promise<void> {
  const { messagesPerContact, messagesPerAddress } = ctx.services.throttles;
  return takeAll([
    [messagesPerContact, contact],
    [messagesPerAddress, ctx.clientIp],
  ]);
}

/** Every code entry is reserved here before the code is checked, per contact and per client address. */
export function codeEntryAllowed(ctx: GatewayContext, contact: string): Promise<void> {
  const { codeEntriesPerContact, codeEntriesPerAddress } = ctx.services.throttles;
  return takeAll([
    [codeEntriesPerContact, contact],
    [codeEntriesPerAddress, ctx.clientIp],
  ]);
}
