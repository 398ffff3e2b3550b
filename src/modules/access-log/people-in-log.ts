import type { Path } from 'graphql/jsutils/Path';
import type { GatewayContext } from '../../context';
import { withdrawnAmong } from '../member';

/** What of a log row names a person: the accessor's name and address when the accessor is a member or a guardian. */
interface Named {
  accessorId: string;
  accessorKind: string;
  accessorName: string;
  memberId?: string | null;
  clientIp?: string;
}

const WITHDRAWN_NAME = 'withdrawn member';

/**
 * Log and review results carry personal data of their own: a member who acted appears by name and address, a
 * guardian by name on the child's rows. Each such member gets a row of this request (and the answer is withheld at
 * `path` when the log cannot be written, like any personal read); a withdrawn member is shown by no identifying data.
 */
export async function recordPeopleIn<T extends Named>(
  ctx: GatewayContext,
  rows: readonly T[],
  path: Path,
): Promise<T[]> {
  const members = [...new Set(rows.filter((r) => r.accessorKind === 'MEMBER').map((r) => r.accessorId))];
  const withdrawn = await withdrawnAmong(ctx.services.knex, members);
  for (const id of members)
    if (!withdrawn.has(id)) ctx.access.process(id, 'VIEW', ['accessLog:accessorName', 'accessLog:clientIp'], path);
  for (const r of rows) {
    if (r.accessorKind === 'GUARDIAN' && r.memberId)
      ctx.access.process(r.memberId, 'VIEW', ['accessLog:guardianName', 'accessLog:clientIp'], path);
  }
  return rows.map((r) =>
    r.accessorKind === 'MEMBER' && withdrawn.has(r.accessorId)
      ? { ...r, accessorName: WITHDRAWN_NAME, ...(r.clientIp === undefined ? {} : { clientIp: '' }) }
      : r,
  );
}
