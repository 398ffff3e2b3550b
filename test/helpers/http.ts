import { DEMO_PASSWORD } from './gateway';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface Caller {
  token?: string | undefined;
  purpose?: string | undefined;
  headers?: Record<string, string>;
}

/** A GraphQL request over real HTTP, as a client would send it. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      ...(caller.purpose ? { 'x-purpose': caller.purpose } : {}),
      ...caller.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: res.status, headers: res.headers, ...body };
}

export async function login(url: string, loginId: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await gql<{ login: { accessToken: string } }>(
    url,
    'mutation Login($loginId: String!, $password: String!) { login(loginId: $loginId, password: $password) { accessToken } }',
    { loginId, password },
  );
  if (!res.data?.login) throw new Error(`login ${loginId} failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.accessToken;
}

/** The client-credentials grant: the HTTP status, and the token when one was issued. */
export async function oauth(
  url: string,
  clientId: string,
  secret: string,
): Promise<{ status: number; token?: string; body: unknown }> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  const body = (await res.json()) as { access_token?: string };
  return { status: res.status, body, ...(body.access_token ? { token: body.access_token } : {}) };
}

export async function clientToken(url: string, clientId: string, secret = DEMO_PASSWORD): Promise<string> {
  const { token, body } = await oauth(url, clientId, secret);
  if (!token) throw new Error(`client ${clientId} failed: ${JSON.stringify(body)}`);
  return token;
}

export const codes = (res: GraphQLResponse<unknown>): string[] =>
  (res.errors ?? []).map((e) => String(e.extensions?.code));
