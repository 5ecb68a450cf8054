/**
 * The typed API client: openapi-fetch over the generated types, with the session's token on every
 * request. An answer of 401 ends the session with the server's reason (the router then shows the
 * sign-in page); every other failure is thrown as an ApiError carrying the server's own body.
 */
import createClient, { type Middleware } from 'openapi-fetch';

import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorBodyDto'];

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The server's per-field messages, by field path (`default_platform_quotas.openai.daily`). */
  get fieldErrors(): Record<string, string> {
    const errors = (this.body?.details as { errors?: FieldError[] } | undefined)?.errors ?? [];
    return Object.fromEntries(errors.map((e) => [e.field, e.message]));
  }
}

/** The service could not be reached (no answer at all). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

export interface ClientHooks {
  token(): string | null;
  /** Called with the server's message when it refuses the token (401). */
  unauthenticated(message: string): void;
}

export function createApi(hooks: ClientHooks, fetchImpl?: typeof fetch) {
  const client = createClient<paths>({
    baseUrl: '',
    // Looked up at each call, so that a test may stub the global fetch.
    fetch: (request) => (fetchImpl ?? globalThis.fetch)(request),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = hooks.token();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

export type Api = ReturnType<typeof createApi>;

/**
 * The data of an openapi-fetch result, or the failure thrown: ApiError with the server's body, and
 * for 401 the hook first, so that the sign-in page comes back with the reason.
 */
export function unwrap<T>(
  result: { data?: T; error?: unknown; response: Response },
  hooks: Pick<ClientHooks, 'unauthenticated'>,
): T {
  if (result.response.ok) return result.data as T;
  const body = isErrorBody(result.error) ? result.error : null;
  if (result.response.status === 401) hooks.unauthenticated(body?.message ?? 'Unauthenticated');
  throw new ApiError(result.response.status, body);
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).message === 'string';
}
