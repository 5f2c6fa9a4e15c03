import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Settlement } from '../api/types';
import { formatDateTime } from '../format/datetime';
import { formatYuan } from '../format/money';
import type { PagedList } from '../hooks/use-paged-list';
import { ErrorResult } from './async-content';
import { SettlementStatusTag } from './tags';

const money = (fen: number) => <span className="yb-num">{formatYuan(fen)}</span>;

/** A server-paginated list of settlements; 详情 opens one. */
export function SettlementsTable({
  list,
  onOpen,
  showParties = true,
  testId = 'settlements',
}: {
  readonly list: PagedList<Settlement>;
  readonly onOpen: (settlement: Settlement) => void;
  /** person and institution id columns (staff views) */
  readonly showParties?: boolean;
  readonly testId?: string;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<Settlement> = [
    {
      title: t('settle.setlNo'),
      dataIndex: 'setlNo',
      render: (setlNo: string, s) => (
        <Button type="link" size="small" className="yb-mono" style={{ padding: 0 }} onClick={() => onOpen(s)}>
          {setlNo}
        </Button>
      ),
    },
    {
      title: t('settle.settledAt'),
      dataIndex: 'settledAt',
      render: (at: string) => <span className="yb-nowrap">{formatDateTime(at)}</span>,
    },
    ...(showParties
      ? [
          { title: t('settle.personId'), dataIndex: 'personName' },
          { title: t('settle.institutionId'), dataIndex: 'institutionName' },
        ]
      : []),
    { title: t('settle.total'), dataIndex: 'total', align: 'right', render: money },
    { title: t('settle.fundTotal'), dataIndex: 'fundTotal', align: 'right', render: money },
    { title: t('settle.personTotal'), dataIndex: 'personTotal', align: 'right', render: money },
    { title: t('settle.personalAccount'), dataIndex: 'personalAccount', align: 'right', render: money },
    { title: t('settle.cash'), dataIndex: 'cash', align: 'right', render: money },
    {
      title: t('settle.status'),
      dataIndex: 'status',
      render: (status: Settlement['status']) => <SettlementStatusTag status={status} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, s) => (
        <Button type="link" size="small" onClick={() => onOpen(s)}>
          {t('common.view')}
        </Button>
      ),
    },
  ];
  if (list.error !== undefined) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <Table<Settlement>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={list.data?.items as Settlement[] | undefined}
      loading={list.loading}
      pagination={list.pagination}
      scroll={{ x: 'max-content' }}
      rowClassName={(s) => (s.status === 'reversed' ? 'yb-row-muted' : '')}
      data-testid={testId}
    />
  );
}
