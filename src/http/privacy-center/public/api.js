// The page's only way to the gateway: POST /graphql on this origin, like any other client. The access token lives
// in this module's variable and nowhere else (no storage, no cookie), so it is gone when the tab closes.

let token = null;
let onSessionEnd = () => {};

export class ApiError extends Error {
  constructor(message, code, field) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** Called once when the gateway stops accepting the token (expired, withdrawn, password changed elsewhere). */
export function whenSessionEnds(callback) {
  onSessionEnd = callback;
}

export function signIn(accessToken) {
  token = accessToken;
}

export function signOut() {
  token = null;
}

const FRIENDLY = {
  RATE_LIMITED: 'Too many attempts. Please wait a few minutes and try again.',
  TIMEOUT: 'The service took too long to answer. Please try again.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Please try again later.',
  AUDIT_UNAVAILABLE: 'Your data cannot be shown right now. Please try again later.',
};

/**
 * Sends one operation. With a token it declares X-Purpose: SELF_SERVICE, the only purpose a member or guardian
 * has. Resolves to `{ data, errors }`; rejects with ApiError when there is no usable answer at all.
 */
export async function call(query, variables = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) {
    headers.authorization = `Bearer ${token}`;
    headers['x-purpose'] = 'SELF_SERVICE';
  }
  let body;
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: 'omit',
      cache: 'no-store',
    });
    body = await res.json();
  } catch {
    throw new ApiError('The service cannot be reached. Please check your connection and try again.', 'NETWORK');
  }
  const errors = (body.errors ?? []).map((e) => ({
    message: e.message,
    path: e.path ?? [],
    code: e.extensions?.code,
    field: e.extensions?.field,
  }));
  if (token && errors.some((e) => e.code === 'UNAUTHENTICATED' && e.path.length <= 1 && e.field !== 'password')) {
    token = null;
    onSessionEnd();
    throw new ApiError('Your session has ended. Please log in again.', 'SESSION_ENDED');
  }
  return { data: body.data ?? null, errors };
}

/** Like `call`, but any error on the operation itself (not on one field) rejects with a readable message. */
export async function mutate(query, variables = {}) {
  const { data, errors } = await call(query, variables);
  const top = errors.find((e) => e.path.length <= 1);
  if (top || !data) {
    const e = top ?? errors[0] ?? { message: 'No answer.', code: 'UNKNOWN' };
    throw new ApiError(FRIENDLY[e.code] ?? e.message, e.code, e.field);
  }
  return data;
}
