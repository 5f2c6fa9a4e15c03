import { http } from './client';
import type { AccessLogEntry, Page, PageQuery, User } from './types';

export function listUsers(query: PageQuery & { readonly q?: string; readonly role?: string }, signal?: AbortSignal): Promise<Page<User>> {
  return http.get('/users', query, signal);
}

export function listAccessLog(
  query: PageQuery & { readonly username?: string; readonly personId?: number },
  signal?: AbortSignal,
): Promise<Page<AccessLogEntry>> {
  return http.get('/access-log', query, signal);
}
