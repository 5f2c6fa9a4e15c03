import { http } from './client';
import type { Page, Region, RegionQuery } from './types';

export function listRegions(query: RegionQuery, signal?: AbortSignal): Promise<Page<Region>> {
  return http.get('/regions', query, signal);
}
