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
 * Reads `selection` of the subject: `me` for a member, `member(id)` for the child a guardian chose (one child per
 * request, so the query is costed for one member). Resolves to `{ member, denied }`, `denied` naming each field the
 * gateway withheld with its code (the page shows the refusal, never a guess).
 */
export async function read(selection, variables = {}, definitions = '') {
  const guardian = session.kind === 'GUARDIAN';
  const root = guardian ? 'member' : 'me';
  const defs = [definitions, guardian ? '$child: ID!' : ''].filter(Boolean).join(', ');
  const field = guardian ? 'member(id: $child)' : 'me';
  const vars = guardian ? { ...variables, child: session.childId } : variables;
  const { data, errors } = await call(
    `query ${guardian ? 'Child' : 'Me'}${defs ? `(${defs})` : ''} { ${field} { id ${selection} } }`,
    vars,
  );
  const top = errors.find((e) => e.path.length <= 1);
  if (top?.code === 'NOT_FOUND' && guardian)
    throw new ApiError('This child is no longer linked to your account.', 'NOT_FOUND');
  if (top || !data?.[root]) throw new ApiError(top?.message ?? 'Your information could not be loaded.', top?.code);
  const denied = {};
  for (const e of errors) {
    const rest = e.path.slice(1);
    if (typeof rest[0] === 'string') denied[rest[0]] = e.code ?? 'DENIED';
  }
  return { member: data[root], denied };
}
