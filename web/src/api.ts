// A minimal typed GraphQL client: POST /graphql with the session's bearer token. Documents
// come from graphql-codegen as TypedDocumentString, so results and variables are typed.
import type { TypedDocumentString } from './gql/graphql';

export class ApiError extends Error {
  constructor(
    message: string,
    public code: string,
  ) {
    super(message);
  }
}

let token = sessionStorage.getItem('skillgraph.token') ?? '';

export function getToken() {
  return token;
}

export function setToken(t: string) {
  token = t.trim();
  if (token) sessionStorage.setItem('skillgraph.token', token);
  else sessionStorage.removeItem('skillgraph.token');
}

export async function gql<R, V>(doc: TypedDocumentString<R, V>, variables?: V, signal?: AbortSignal): Promise<R> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    signal,
  });
  let body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP ${res.status}`, 'INTERNAL');
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? 'INTERNAL');
  }
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, 'INTERNAL');
  return body.data;
}

/** Claims of a bearer token, read (not verified: the server does that) to pick the seat. */
export type Claims = { sub?: string; role?: string; org?: string; learner?: string; exp?: number };

export function claimsOf(t: string): Claims | null {
  const parts = t.split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    return JSON.parse(json) as Claims;
  } catch {
    return null;
  }
}

export type DemoIdentity = { name: string; role: string; token: string };

/** The demo identities the server exposes, only with the demo and the development secret. */
export async function demoIdentities(): Promise<DemoIdentity[]> {
  try {
    const res = await fetch('/config.json', { headers: { Accept: 'application/json' } });
    if (!res.ok) return [];
    return ((await res.json()) as { demo?: DemoIdentity[] }).demo ?? [];
  } catch {
    return [];
  }
}
