import { acceptLanguage, currentLanguage, type Language } from '../i18n';
import type { ApiErrorBody, ApiFieldError, ApiRowError } from './types';

/** Base path of the REST API; the server serves it on the same origin as the app. */
export const API_BASE = '/api/v1';

/** Codes the client itself uses when the server gave no error body. */
export const CLIENT_ERROR_CODES = {
  network: 'YB_ERR_NETWORK',
  badResponse: 'YB_ERR_BAD_RESPONSE',
} as const;

/** An error answered by the API (or a network failure), with both messages so the UI can switch language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly fields: readonly ApiFieldError[];
  readonly rows: readonly ApiRowError[];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message || body.messageEn || body.code);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.messageZh = body.messageZh || body.message;
    this.messageEn = body.messageEn || body.message;
    this.fields = body.fields ?? [];
    this.rows = body.rows ?? [];
  }

  /** The message in the given UI language. */
  messageIn(language: Language): string {
    return (language === 'zh' ? this.messageZh : this.messageEn) || this.message;
  }
}

/** Query parameters: string, number and boolean values are sent; empty ones are left out. */
export type QueryParams = object;

/** Builds `?a=1&b=2`, leaving out empty values. */
export function toQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (
      value === '' ||
      (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    ) {
      continue;
    }
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The absolute path of an API endpoint, e.g. for download links. */
export function apiUrl(path: string, query?: QueryParams): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever a request (other than the session probe and login) answers 401: the session ended. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const SESSION_PATHS = new Set(['/auth/me', '/auth/login']);

export interface RequestOptions {
  readonly query?: QueryParams;
  /** JSON body */
  readonly body?: unknown;
  /** multipart body; sent as is */
  readonly form?: FormData;
  readonly signal?: AbortSignal;
  /** extra request headers, e.g. `Idempotency-Key` */
  readonly headers?: Readonly<Record<string, string>>;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Calls the API with the session cookie and the UI language, and returns the parsed JSON body.
 * Throws {@link ApiError} for any non-2xx answer or network failure; aborts propagate as DOMException.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json',
    'Accept-Language': acceptLanguage(currentLanguage()),
  };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      code: CLIENT_ERROR_CODES.network,
      message: 'Network error',
      messageZh: '网络连接失败，请检查网络后重试',
      messageEn: 'Cannot reach the server. Check the network and try again.',
    });
  }

  const payload = await readJson(response);
  if (response.ok) return payload as T;

  if (response.status === 401 && !SESSION_PATHS.has(path)) {
    for (const listener of unauthorizedListeners) listener();
  }
  if (isErrorBody(payload)) throw new ApiError(response.status, payload.error);
  throw new ApiError(response.status, {
    code: CLIENT_ERROR_CODES.badResponse,
    message: `HTTP ${response.status}`,
    messageZh: `服务暂时不可用（HTTP ${response.status}），请稍后重试`,
    messageEn: `The service is unavailable (HTTP ${response.status}). Please try again later.`,
  });
}

export const http = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  postForm: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};
