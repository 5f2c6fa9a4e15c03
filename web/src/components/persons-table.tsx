import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { PersonSummary } from '../api/types';
import type { PagedList } from '../hooks/use-paged-list';
import { ErrorResult } from './async-content';
import { ActiveStatusTag, InsuranceTypeTag } from './tags';

/** A server-paginated list of persons; names link to the detail page when `personLink` is given. */
export function PersonsTable({
  list,
  personLink,
}: {
  readonly list: PagedList<PersonSummary>;
  readonly personLink?: (personId: number) => string;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<PersonSummary> = [
    { title: t('person.psnNo'), dataIndex: 'psnNo', width: 170 },
    {
      title: t('person.name'),
      dataIndex: 'name',
      render: (name: string, p) => (personLink ? <Link to={personLink(p.id)}>{name}</Link> : name),
    },
    {
      title: t('person.sex'),
      dataIndex: 'sex',
      width: 70,
      render: (sex: PersonSummary['sex']) => t(`sex.${sex}`),
    },
    { title: t('person.birthDate'), dataIndex: 'birthDate', width: 120 },
    {
      title: t('person.certno'),
      dataIndex: 'certnoMasked',
      render: (certno: string) => <span className="yb-mono">{certno}</span>,
    },
    { title: t('person.region'), dataIndex: 'regionName' },
    {
      title: t('person.insuranceType'),
      dataIndex: 'activeBasicInsuranceType',
      render: (type: PersonSummary['activeBasicInsuranceType']) =>
        type ? <InsuranceTypeTag type={type} /> : t('common.none'),
    },
    {
      title: t('person.category'),
      dataIndex: 'category',
      render: (category: PersonSummary['category']) => (category ? t(`category.${category}`) : '—'),
    },
    {
      title: t('person.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: PersonSummary['status']) => <ActiveStatusTag status={status} />,
    },
  ];
  if (list.error !== undefined) return <ErrorResult error={list.error} onRetry={list.reload} />;
  return (
    <Table<PersonSummary>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={list.data?.items as PersonSummary[] | undefined}
      loading={list.loading}
      pagination={list.pagination}
      scroll={{ x: 'max-content' }}
    />
  );
}
