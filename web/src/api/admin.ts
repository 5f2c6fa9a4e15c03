import { http } from './client';
import type { AccessLogEntry, ItemList, Page, PageQuery, User } from './types';

/** Every account (admin only); the server returns the whole list. */
export function listUsers(signal?: AbortSignal): Promise<ItemList<User>> {
  return http.get('/users', undefined, signal);
}

/** Staff reads of person records (admin only), newest first. */
export function listAccessLog(
  query: PageQuery & { readonly username?: string; readonly personId?: number },
  signal?: AbortSignal,
): Promise<Page<AccessLogEntry>> {
  return http.get('/access-log', query, signal);
}
