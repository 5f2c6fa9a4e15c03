import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Enrolment } from '../api/types';
import { useLanguage } from '../hooks/use-language';
import { poolingRegionLabel } from '../regions/pooling-regions';
import { HistoryTable } from './history-table';
import { EnrolmentStatusTag, InsuranceTypeTag } from './tags';

const STATUS_ORDER: Record<Enrolment['status'], number> = { active: 0, suspended: 1, ended: 2 };

/** Current enrolments first, then the history, each newest first. */
export function sortEnrolments(enrolments: readonly Enrolment[]): Enrolment[] {
  return [...enrolments].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.startDate.localeCompare(a.startDate),
  );
}

export interface EnrolmentsTableProps {
  readonly enrolments: readonly Enrolment[];
  /** names of employers known to the page, by id */
  readonly employerNames?: ReadonlyMap<number, string>;
  readonly employerLink?: (employerId: number) => string;
  /** show each enrolment's change history in an expandable row */
  readonly withHistory?: boolean;
  readonly actions?: (enrolment: Enrolment) => ReactNode;
}

/** Enrolments with their history (ended ones included). */
export function EnrolmentsTable({
  enrolments,
  employerNames,
  employerLink,
  withHistory,
  actions,
}: EnrolmentsTableProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columns: ColumnsType<Enrolment> = [
    {
      title: t('enrolment.insuranceType'),
      dataIndex: 'insuranceType',
      render: (type: Enrolment['insuranceType']) => (
        <>
          <InsuranceTypeTag type={type} />
          <span className="yb-nowrap">{t(`insuranceType.${type}`)}</span>
        </>
      ),
    },
    {
      title: t('enrolment.category'),
      dataIndex: 'category',
      render: (category: Enrolment['category']) => t(`category.${category}`),
    },
    {
      title: t('enrolment.region'),
      dataIndex: 'regionCode',
      render: (code: string) => poolingRegionLabel(code, language),
    },
    {
      title: t('enrolment.employer'),
      dataIndex: 'employerId',
      render: (id: number | null) => {
        if (id === null) return '—';
        const name = employerNames?.get(id) ?? `#${id}`;
        return employerLink ? <Link to={employerLink(id)}>{name}</Link> : name;
      },
    },
    { title: t('enrolment.startDate'), dataIndex: 'startDate', width: 120 },
    {
      title: t('enrolment.endDate'),
      dataIndex: 'endDate',
      width: 120,
      render: (date: string | null) => date ?? '—',
    },
    {
      title: t('enrolment.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: Enrolment['status']) => <EnrolmentStatusTag status={status} />,
    },
    {
      title: t('enrolment.endReason'),
      dataIndex: 'endReason',
      render: (reason: string | null) => reason ?? '—',
    },
  ];
  if (actions)
    columns.push({ title: t('common.actions'), key: 'actions', width: 120, render: (_, e) => actions(e) });

  return (
    <Table<Enrolment>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={sortEnrolments(enrolments)}
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowClassName={(e) => (e.status === 'ended' ? 'yb-row-muted' : '')}
      locale={{ emptyText: t('enrolment.none') }}
      expandable={
        withHistory
          ? {
              expandedRowRender: (e) => (
                <div className="yb-expanded">
                  <div className="yb-expanded-title">{t('enrolment.history')}</div>
                  <HistoryTable entityType="enrolment" entityId={e.id} size="small" />
                </div>
              ),
            }
          : undefined
      }
    />
  );
}
