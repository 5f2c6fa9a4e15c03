import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { listHistory } from '../api/history';
import type { HistoryEntityType, HistoryEntry } from '../api/types';
import { formatDateTime } from '../format/datetime';
import { usePagedList } from '../hooks/use-paged-list';
import { ErrorResult } from './async-content';

function formatValue(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isFromTo(value: unknown): value is { readonly from: unknown; readonly to: unknown } {
  return typeof value === 'object' && value !== null && ('from' in value || 'to' in value);
}

/** The change history of one record, newest first as the server orders it. */
export function HistoryTable({
  entityType,
  entityId,
  size = 'middle',
}: {
  readonly entityType: HistoryEntityType;
  readonly entityId: number;
  readonly size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const list = usePagedList<HistoryEntry>(
    (_filters, page, signal) => listHistory({ entityType, entityId, ...page }, signal),
    { syncUrl: false, defaults: { entityType, entityId: String(entityId) }, pageSize: 10 },
  );
  const empty = t('history.empty');

  const columns: ColumnsType<HistoryEntry> = [
    { title: t('history.at'), dataIndex: 'at', width: 180, render: (at: string) => formatDateTime(at) },
    {
      title: t('history.action'),
      dataIndex: 'action',
      width: 110,
      render: (action: string) => t(`history.${action}`, { defaultValue: action }),
    },
    { title: t('history.actor'), dataIndex: 'actorUsername', width: 120 },
    {
      title: t('history.changes'),
      dataIndex: 'changes',
      render: (changes: HistoryEntry['changes']) => (
        <div className="yb-changes">
          {Object.entries(changes ?? {}).map(([field, change]) => (
            <div key={field}>
              <Typography.Text type="secondary">{field}</Typography.Text>
              {': '}
              {isFromTo(change) ? (
                <>
                  <Typography.Text delete>{formatValue(change.from, empty)}</Typography.Text>
                  {' → '}
                  <Typography.Text strong>{formatValue(change.to, empty)}</Typography.Text>
                </>
              ) : (
                <Typography.Text strong>{formatValue(change, empty)}</Typography.Text>
              )}
            </div>
          ))}
        </div>
      ),
    },
  ];

  if (list.error !== undefined) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <Table<HistoryEntry>
      rowKey="id"
      size={size}
      columns={columns}
      dataSource={list.data?.items as HistoryEntry[] | undefined}
      loading={list.loading}
      pagination={list.pagination}
      locale={{ emptyText: t('history.none') }}
    />
  );
}
