import type { TablePaginationConfig } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Page } from '../api/types';
import { type AsyncState, useAsync } from './use-async';

/** Filter values of a list, as strings (they live in the URL). */
export type ListFilters = Readonly<Record<string, string>>;

export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

export interface PagedList<T> extends AsyncState<Page<T>> {
  readonly filters: ListFilters;
  readonly setFilters: (filters: ListFilters) => void;
  readonly pagination: TablePaginationConfig;
}

const DEFAULT_PAGE_SIZE = 20;
const PAGE_KEYS = new Set(['page', 'pageSize']);

function positiveInt(text: string | null | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export interface PagedListOptions {
  /** keep filters and page in the URL so Back returns to the same list (default true) */
  readonly syncUrl?: boolean;
  /** filters applied when the URL has none */
  readonly defaults?: ListFilters;
  readonly pageSize?: number;
}

/**
 * A server-side paginated, filtered list. Filters and the page live in the URL query (or in state for
 * lists embedded in a detail page); changing filters goes back to page 1.
 */
export function usePagedList<T>(
  fetchPage: (filters: ListFilters, page: PageRequest, signal: AbortSignal) => Promise<Page<T>>,
  options: PagedListOptions = {},
): PagedList<T> {
  const { t } = useTranslation();
  const syncUrl = options.syncUrl ?? true;
  const [searchParams, setSearchParams] = useSearchParams();
  const [localParams, setLocalParams] = useState<Record<string, string>>({});

  const params: Record<string, string> = useMemo(() => {
    if (!syncUrl) return localParams;
    const fromUrl: Record<string, string> = {};
    searchParams.forEach((value, key) => {
      fromUrl[key] = value;
    });
    return fromUrl;
  }, [syncUrl, localParams, searchParams]);

  // compared by content: call sites pass a fresh literal on every render
  const defaultsKey = JSON.stringify(options.defaults ?? {});
  const filters: ListFilters = useMemo(() => {
    const result: Record<string, string> = { ...(JSON.parse(defaultsKey) as Record<string, string>) };
    for (const [key, value] of Object.entries(params)) if (!PAGE_KEYS.has(key)) result[key] = value;
    return result;
  }, [params, defaultsKey]);

  const page = positiveInt(params.page, 1);
  const pageSize = positiveInt(params.pageSize, options.pageSize ?? DEFAULT_PAGE_SIZE);

  const writeParams = useCallback(
    (next: Record<string, string>) => {
      if (syncUrl) setSearchParams(next, { replace: false });
      else setLocalParams(next);
    },
    [syncUrl, setSearchParams],
  );

  const setFilters = useCallback(
    (next: ListFilters) => {
      const cleaned: Record<string, string> = {};
      for (const [key, value] of Object.entries(next)) if (value !== '') cleaned[key] = value;
      if (pageSize !== (options.pageSize ?? DEFAULT_PAGE_SIZE)) cleaned.pageSize = String(pageSize);
      writeParams(cleaned);
    },
    [writeParams, pageSize, options.pageSize],
  );

  const key = JSON.stringify([filters, page, pageSize]);
  const state = useAsync((signal) => fetchPage(filters, { page, pageSize }, signal), key);

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: state.data ? (state.data.total ?? state.data.items.length) : 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('common.total', { count: total }),
    onChange: (nextPage, nextSize) => {
      const next: Record<string, string> = { ...params };
      next.page = String(nextSize !== pageSize ? 1 : nextPage);
      next.pageSize = String(nextSize);
      writeParams(next);
    },
  };

  return { ...state, filters, setFilters, pagination };
}

/** Reads an optional filter as a number. */
export function numberFilter(filters: ListFilters, key: string): number | undefined {
  const value = filters[key];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Reads an optional 'true'/'false' filter. */
export function booleanFilter(filters: ListFilters, key: string): boolean | undefined {
  const value = filters[key];
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
