/**
 * What several pages share: the token of this tab's session, who is signed in, and the service's
 * vocabulary (platforms, windows, sources, time zone, money rules) from /api/v1/meta. The token
 * lives in sessionStorage: it survives a reload, not the tab.
 */
import { reactive } from 'vue';

import { ApiError, createApi, NetworkError, unwrap, type Schemas } from './api/client';

export type Me = Schemas['MeDto'];
export type Meta = Schemas['MetaDto'];

const TOKEN_KEY = 'platform-quotas.token';

export const session = reactive({
  token: readToken(),
  me: null as Me | null,
  meta: null as Meta | null,
  /** Why the last session ended (the server's message), shown on the sign-in page. */
  endedReason: null as string | null,
  /** Why who is signed in could not be learnt, when the server did not refuse the token. */
  identityError: null as unknown,
});

let onEnded: () => void = () => undefined;

/** What to do once the server refused the token (main.ts: go to the sign-in page). */
export function whenSessionEnds(callback: () => void): void {
  onEnded = callback;
}

export const api = createApi({ token: () => session.token, unauthenticated: endSession });

/** Awaits an openapi-fetch call: its data, or ApiError (the server's body) or NetworkError. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    throw new NetworkError(error);
  }
  return unwrap(result, { unauthenticated: endSession });
}

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/**
 * A host gateway hands its user over with `/#token=<JWT>`: the fragment never reaches a server.
 * The token is kept for the session and removed from the address bar (and so from the history).
 */
export function takeTokenFromFragment(location: Location, history: History): boolean {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(history.state, '', location.pathname + location.search);
  return true;
}

export function setToken(token: string): void {
  session.token = token.trim();
  session.me = null;
  session.endedReason = null;
  sessionStorage.setItem(TOKEN_KEY, session.token);
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  session.token = null;
  session.me = null;
}

/** The server refused the token (expired, revoked, user deleted): back to signing in, with why. */
export function endSession(reason: string): void {
  if (!session.token) return;
  signOut();
  session.endedReason = reason;
  onEnded();
}

/** Who the token belongs to and the service's vocabulary, once per session. */
export async function loadIdentity(): Promise<Me> {
  if (session.me && session.meta) return session.me;
  const [me, meta] = await Promise.all([call(api.GET('/api/v1/user/me')), call(api.GET('/api/v1/meta'))]);
  session.me = me;
  session.meta = meta;
  session.identityError = null;
  return me;
}

export function isAdmin(): boolean {
  return session.me?.role === 'admin';
}

export { ApiError, NetworkError };

// Before the router reads the address: the token must never stay in it, nor in the history.
if (typeof window !== 'undefined') takeTokenFromFragment(window.location, window.history);
