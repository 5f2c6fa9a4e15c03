import { Card, Col, Form, Input, Row, Table, Tree } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listRegions } from '../../api/regions';
import type { Region, RegionLevel } from '../../api/types';
import { AsyncContent, ErrorResult } from '../../components/async-content';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { loadChildRegions } from '../../components/region-tree-select';
import { useAsync } from '../../hooks/use-async';
import { usePagedList } from '../../hooks/use-paged-list';

function toNode(region: Region): DataNode {
  return {
    key: region.code,
    title: `${region.name}  ${region.code}`,
    isLeaf: region.level === 'district',
  };
}

/** The GB/T 2260 region tree, loaded level by level. */
function RegionTree() {
  const { t } = useTranslation();
  const provinces = useAsync(
    (signal) => listRegions({ level: 'province', pageSize: 200 }, signal),
    'provinces',
  );
  // children loaded so far, by parent code
  const [loaded, setLoaded] = useState<ReadonlyMap<string, readonly Region[]>>(new Map());

  const build = (regions: readonly Region[]): DataNode[] =>
    regions.map((region) => {
      const children = loaded.get(region.code);
      return { ...toNode(region), ...(children ? { children: build(children) } : {}) };
    });

  return (
    <Card title={t('region.tree')} className="yb-region-tree">
      <AsyncContent state={provinces}>
        {(page) => (
          <Tree
            showLine
            treeData={build(page.items)}
            loadData={async (node) => {
              const code = String(node.key);
              if (loaded.has(code)) return;
              const children = await loadChildRegions(code);
              setLoaded((current) => new Map(current).set(code, children));
            }}
          />
        )}
      </AsyncContent>
    </Card>
  );
}

/** 医保区划: browse the tree or search by name or code. */
export default function RegionsPage() {
  const { t } = useTranslation();
  const list = usePagedList<Region>((filters, page, signal) =>
    filters.q || filters.level
      ? listRegions({ q: filters.q, level: filters.level as RegionLevel | undefined, ...page }, signal)
      : Promise.resolve({ items: [], total: 0, page: page.page, pageSize: page.pageSize }),
  );
  const columns: ColumnsType<Region> = [
    {
      title: t('region.code'),
      dataIndex: 'code',
      width: 120,
      render: (v: string) => <span className="yb-mono">{v}</span>,
    },
    { title: t('region.name'), dataIndex: 'name' },
    {
      title: t('region.level'),
      dataIndex: 'level',
      width: 100,
      render: (v: RegionLevel) => t(`regionLevel.${v}`),
    },
    {
      title: t('region.parent'),
      dataIndex: 'parentCode',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <RegionTree />
      </Col>
      <Col xs={24} lg={15}>
        <div className="yb-stack">
          <FilterBar filters={list.filters} onChange={list.setFilters}>
            <Form.Item name="q" label={t('common.keyword')}>
              <Input allowClear placeholder={t('region.searchPlaceholder')} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="level" label={t('region.level')}>
              <EnumSelect ns="regionLevel" values={['province', 'city', 'district']} style={{ width: 110 }} />
            </Form.Item>
          </FilterBar>
          <Card title={t('region.searchResult')}>
            {list.error !== undefined ? (
              <ErrorResult error={list.error} onRetry={list.reload} />
            ) : (
              <Table<Region>
                rowKey="code"
                size="small"
                columns={columns}
                dataSource={list.data?.items as Region[] | undefined}
                loading={list.loading}
                pagination={list.pagination}
              />
            )}
          </Card>
        </div>
      </Col>
    </Row>
  );
}
