import { Alert, Form, Input, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listAccessLog } from '../../api/admin';
import type { AccessLogEntry } from '../../api/types';
import { ErrorResult } from '../../components/async-content';
import { FilterBar } from '../../components/filter-bar';
import { formatDateTime } from '../../format/datetime';
import { usePagedList } from '../../hooks/use-paged-list';

/** 访问日志 (admin): who read which person's record, when. */
export default function AccessLogPage() {
  const { t } = useTranslation();
  const list = usePagedList<AccessLogEntry>((filters, page, signal) =>
    listAccessLog({ username: filters.username, ...page }, signal),
  );
  const columns: ColumnsType<AccessLogEntry> = [
    { title: t('accessLog.at'), dataIndex: 'at', width: 180, render: (v: string) => formatDateTime(v) },
    { title: t('accessLog.username'), dataIndex: 'username', width: 120 },
    {
      title: t('accessLog.person'),
      key: 'person',
      render: (_, e) =>
        e.personId !== null ? (
          <Link to={`/agency/persons/${e.personId}`}>{e.personName ?? `#${e.personId}`}</Link>
        ) : (
          '—'
        ),
    },
    { title: t('accessLog.action'), dataIndex: 'action', width: 140 },
    {
      title: t('accessLog.path'),
      dataIndex: 'path',
      render: (v: string) => <span className="yb-mono yb-small">{v}</span>,
    },
  ];
  return (
    <div className="yb-stack">
      <Alert type="info" showIcon title={t('accessLog.hint')} />
      <FilterBar filters={list.filters} onChange={list.setFilters}>
        <Form.Item name="username" label={t('accessLog.username')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        {list.error !== undefined ? (
          <ErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <Table<AccessLogEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items as AccessLogEntry[] | undefined}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
          />
        )}
      </div>
    </div>
  );
}
