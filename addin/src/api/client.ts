import type { TokenProvider } from '../auth/token';

export interface FieldIssue {
  path: string;
  message: string;
}

/** A failed call, carrying the server's `{ error: { code, message, issues? } }` (or code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isUnauthenticated() {
    return this.status === 401;
  }
}

export class SignInRequiredError extends ApiError {
  constructor() {
    super(401, 'unauthenticated', 'Sign in to see account context.');
  }
}

/** What to show for anything thrown: an Error's message, or the value as text. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  ifMatch?: string;
  signal?: AbortSignal;
}

export interface HttpResult<T> {
  body: T;
  status: number;
  etag: string | undefined;
}

/**
 * The one place the pages talk HTTP: the bearer token on every call, JSON in and out, ETag out and
 * If-Match in, and every failure (no token, no network, an error answer) turned into an ApiError.
 */
export function createRequest(tokens: TokenProvider, baseUrl = '') {
  return async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const token = await tokens.getToken();
    if (!token) throw new SignInRequiredError();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'network', 'Could not reach the Account Teams server. Check your connection and try again.');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; issues?: FieldIssue[] } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The server answered ${response.status} ${response.statusText}.`, error?.issues ?? []);
    }
    return { body: parsed as T, status: response.status, etag: response.headers.get('etag') ?? undefined };
  };
}

/** The taskpane's view of the API: bodies only, GET and POST. */
export interface ApiClient {
  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function createApiClient(tokens: TokenProvider, baseUrl = ''): ApiClient {
  const request = createRequest(tokens, baseUrl);
  return {
    get: async <T>(path: string, init?: { signal?: AbortSignal }) => (await request<T>('GET', path, init?.signal ? { signal: init.signal } : {})).body,
    post: async <T>(path: string, body: unknown) => (await request<T>('POST', path, { body })).body,
  };
}

/** The tab's and the admin console's view: every verb with status and ETag, plus a GET for the body alone. */
export interface Http {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<HttpResult<T>>;
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
}

export function createHttp(tokens: TokenProvider, baseUrl = ''): Http {
  const request = createRequest(tokens, baseUrl);
  return {
    request,
    get: async <T>(path: string, signal?: AbortSignal) => (await request<T>('GET', path, signal ? { signal } : {})).body,
  };
}
