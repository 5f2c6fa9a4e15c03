import { TreeSelect } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listRegions } from '../api/regions';
import type { Region } from '../api/types';
import { useUser } from '../auth/auth-context';
import { useLanguage } from '../hooks/use-language';
import { poolingRegionsFor } from '../regions/pooling-regions';

const childrenCache = new Map<string, Promise<readonly Region[]>>();

/** The child regions of a region, fetched once per page load. */
export function loadChildRegions(parentCode: string): Promise<readonly Region[]> {
  let cached = childrenCache.get(parentCode);
  if (!cached) {
    cached = listRegions({ parentCode, pageSize: 200 }).then((page) => page.items);
    cached.catch(() => childrenCache.delete(parentCode));
    childrenCache.set(parentCode, cached);
  }
  return cached;
}

interface Node {
  readonly id: string;
  readonly pId: string | 0;
  readonly value: string;
  readonly title: string;
  readonly isLeaf?: boolean;
}

export interface RegionTreeSelectProps {
  readonly value?: string;
  readonly onChange?: (value: string | undefined) => void;
  readonly style?: CSSProperties;
  readonly allowClear?: boolean;
}

/** Picks a region: the user's pooling regions (cities) with their districts. */
export function RegionTreeSelect({ value, onChange, style, allowClear = true }: RegionTreeSelectProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const roots = poolingRegionsFor(user.regionCodes);
  const [children, setChildren] = useState<readonly Node[]>([]);

  const rootKey = roots.map((r) => r.code).join(',');
  useEffect(() => {
    let cancelled = false;
    Promise.all(
      rootKey.split(',').map((code) => loadChildRegions(code).catch(() => [] as readonly Region[])),
    ).then((lists) => {
      if (cancelled) return;
      setChildren(
        lists.flat().map((r) => ({
          id: r.code,
          pId: r.parentCode ?? 0,
          value: r.code,
          title: `${r.name}`,
          isLeaf: true,
        })),
      );
    });
    return () => {
      cancelled = true;
    };
  }, [rootKey]);

  const treeData: Node[] = [
    ...roots.map((r) => ({
      id: r.code,
      pId: 0 as const,
      value: r.code,
      title: language === 'zh' ? r.nameZh : r.nameEn,
    })),
    ...children,
  ];

  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={treeData}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      placeholder={t('region.pickPlaceholder')}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll={false}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
