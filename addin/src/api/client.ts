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

export interface ApiClient {
  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** The one place the pane talks HTTP: bearer token on every call, errors turned into ApiError. */
export function createApiClient(tokens: TokenProvider, baseUrl = ''): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const token = await tokens.getToken();
    if (!token) throw new SignInRequiredError();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) throw error;
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
    return parsed as T;
  }
  return {
    get: (path, init) => call('GET', path, undefined, init?.signal),
    post: (path, body) => call('POST', path, body),
  };
}
