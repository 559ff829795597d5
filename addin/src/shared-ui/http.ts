import { ApiError, SignInRequiredError, type FieldIssue } from '../api/client';
import type { TokenProvider } from '../auth/token';

export interface HttpResult<T> {
  body: T;
  status: number;
  etag: string | undefined;
}

/**
 * The tab's and the admin console's HTTP: every verb (the taskpane's client has GET and POST only), the
 * bearer token on each call, ETag out and If-Match in, errors as the shared ApiError (with `issues`).
 */
export interface Http {
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options?: { body?: unknown; ifMatch?: string; signal?: AbortSignal }): Promise<HttpResult<T>>;
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
}

export function createHttp(tokens: TokenProvider, baseUrl = ''): Http {
  async function request<T>(method: string, path: string, options: { body?: unknown; ifMatch?: string; signal?: AbortSignal } = {}): Promise<HttpResult<T>> {
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
  }
  return {
    request: (method, path, options) => request(method, path, options),
    get: async <T,>(path: string, signal?: AbortSignal) => (await request<T>('GET', path, signal ? { signal } : {})).body,
  };
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
