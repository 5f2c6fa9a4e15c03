export interface PageQuery {
  readonly page?: number;
  readonly pageSize?: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export const MAX_PAGE_SIZE = 200;

export function pageBounds(q: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = Math.max(1, Math.trunc(q.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(q.pageSize ?? 20)));
  return { page, pageSize, offset: (page - 1) * pageSize };
}
