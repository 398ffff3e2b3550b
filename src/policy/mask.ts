import type { IMiddlewareTypeMap } from 'graphql-middleware';
import type { GatewayContext } from '../context';
import { memberFieldCategory, PERSONAL_FIELDS } from './categories';
import { showsPaymentInFull } from './decide';

export const maskPayment = (value: string): string =>
  value.length <= 4 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;

const masked = (value: unknown, ctx: GatewayContext): unknown =>
  typeof value !== 'string' || showsPaymentInFull(ctx.purpose) ? value : maskPayment(value);

/** PAYMENT values leave masked to their last 4 characters unless the purpose settles payments. */
export function paymentMasking(): IMiddlewareTypeMap<unknown, GatewayContext> {
  const fields = PERSONAL_FIELDS.filter((f) => memberFieldCategory[f] === 'PAYMENT');
  return {
    Member: Object.fromEntries(
      fields.map((f) => [
        f,
        (resolve: (...a: unknown[]) => unknown, parent: unknown, args: unknown, ctx: GatewayContext, info: unknown) => {
          const value = resolve(parent, args, ctx, info);
          return value instanceof Promise ? value.then((v) => masked(v, ctx)) : masked(value, ctx);
        },
      ]),
    ),
  };
}
