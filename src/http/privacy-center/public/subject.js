// Whose data the page shows: the member who logged in, or the child a guardian chose.
import { ApiError, call } from './api.js';

export const session = {
  /** 'MEMBER' or 'GUARDIAN', once logged in. */
  kind: null,
  /** A guardian's children, `{ id, name, status }`. */
  children: [],
  childId: null,
};

export function reset() {
  Object.assign(session, { kind: null, children: [], childId: null });
}

/** The `memberId` argument of every member operation: none for a member's own data, the child's id for a guardian. */
export const memberId = () => (session.kind === 'GUARDIAN' ? session.childId : null);

/**
 * Reads `selection` of the subject, through `me` or `myChildren`. Resolves to `{ member, denied }`, `denied` naming
 * each field the gateway withheld with its code (the page shows the refusal, never a guess).
 */
export async function read(selection, variables = {}, definitions = '') {
  const guardian = session.kind === 'GUARDIAN';
  const root = guardian ? 'myChildren' : 'me';
  const { data, errors } = await call(`query ${guardian ? 'Child' : 'Me'}${definitions ? `(${definitions})` : ''} { ${root} { id ${selection} } }`, variables);
  const top = errors.find((e) => e.path.length <= 1);
  if (top || !data?.[root]) throw new ApiError(top?.message ?? 'Your information could not be loaded.', top?.code);
  const list = guardian ? data[root] : [data[root]];
  const index = guardian ? list.findIndex((c) => c && c.id === session.childId) : 0;
  if (index < 0) throw new ApiError('This child is no longer linked to your account.', 'NOT_FOUND');
  const denied = {};
  for (const e of errors) {
    const rest = guardian ? (e.path[1] === index ? e.path.slice(2) : null) : e.path.slice(1);
    if (rest && typeof rest[0] === 'string') denied[rest[0]] = e.code ?? 'DENIED';
  }
  return { member: list[index], denied };
}
