import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Limiter } from './limiter';

/** A rate-limiter-flexible limiter (any store) as a `Limiter`. */
export function rlfLimiter(rl: RateLimiterAbstract): Limiter {
  const retry = (res: RateLimiterRes): number => Math.max(0, res.msBeforeNext);
  return {
    async take(key, points = 1) {
      try {
        const res = await rl.consume(key, points);
        return { allowed: true, count: res.consumedPoints, retryAfterMs: retry(res) };
      } catch (refused) {
        // The library rejects with its result when the key is over the limit, and with an Error when the store fails.
        if (refused instanceof RateLimiterRes)
          return { allowed: false, count: refused.consumedPoints, retryAfterMs: retry(refused) };
        throw refused;
      }
    },
    giveBack: async (key, points = 1) => void (await rl.reward(key, points)),
    block: async (key, ms) => void (await rl.block(key, Math.max(1, Math.ceil(ms / 1000)))),
    clear: async (key) => void (await rl.delete(key)),
  };
}
