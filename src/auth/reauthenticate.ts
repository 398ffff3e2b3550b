import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import { verifySecret } from '../crypto/password';
import { requireSecret } from '../limits/require-secret';
import { passwordHashOf } from '../modules/member';

/**
 * A member's own password, re-entered inside a session for an irreversible step. Throttled like log-ins, per
 * principal and per address, so a stolen token cannot guess the password behind it. A guardian acting for a
 * child has none to give.
 */
export async function reauthenticate(
  ctx: GatewayContext,
  memberId: string,
  password: string | null | undefined,
  field = 'password',
): Promise<void> {
  if (ctx.principal.kind === 'GUARDIAN') return;
  const hash = await passwordHashOf(ctx.services.knex, memberId);
  await requireSecret(
    ctx.services.throttles.reauthentication,
    `${ctx.principal.kind}:${ctx.principal.id}`,
    ctx.clientIp,
    () => verifySecret(hash ?? undefined, password ?? ''),
    () => gatewayError('UNAUTHENTICATED', 'The password is incorrect.', { field }),
  );
}
