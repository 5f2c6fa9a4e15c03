import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { CatalogueVersion, ItemList } from '../../api/types';
import { ErrorResult } from '../../components/async-content';
import { formatDateTime } from '../../format/datetime';
import type { AsyncState } from '../../hooks/use-async';

/** The imported versions of a region's catalogue, newest first. */
export function CatalogueVersionsTable({
  state,
}: {
  readonly state: AsyncState<ItemList<CatalogueVersion>>;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<CatalogueVersion> = [
    { title: t('catalogue.versionNo'), dataIndex: 'versionNo', width: 110 },
    { title: t('catalogue.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
    { title: t('catalogue.rowCount'), dataIndex: 'rowCount', width: 100, align: 'right' },
    { title: t('catalogue.note'), dataIndex: 'note' },
    { title: t('catalogue.fileName'), dataIndex: 'fileName' },
    { title: t('catalogue.importedBy'), dataIndex: 'importedBy', width: 120 },
    {
      title: t('catalogue.importedAt'),
      dataIndex: 'importedAt',
      width: 180,
      render: (v: string) => formatDateTime(v),
    },
  ];
  if (state.error !== undefined) return <ErrorResult error={state.error} onRetry={state.reload} />;
  const versions = [...(state.data?.items ?? [])].sort(
    (a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.versionNo - a.versionNo,
  );
  return (
    <Table<CatalogueVersion>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={versions}
      loading={state.loading}
      pagination={{ pageSize: 10, showTotal: (total) => t('common.total', { count: total }) }}
      scroll={{ x: 'max-content' }}
      data-testid="catalogue-versions"
    />
  );
}
