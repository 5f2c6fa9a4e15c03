import { http } from './client';
import type { HistoryEntry, HistoryQuery, Page } from './types';

export function listHistory(query: HistoryQuery, signal?: AbortSignal): Promise<Page<HistoryEntry>> {
  return http.get('/history', query, signal);
}
