import { Form, Input, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listInstitutions } from '../../api/institutions';
import {
  AGREEMENT_STATUSES,
  type AgreementStatus,
  INSTITUTION_KINDS,
  type Institution,
  type InstitutionKind,
  type InstitutionLevel,
} from '../../api/types';
import { ErrorResult } from '../../components/async-content';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { useInstitutionLevelText } from '../../components/institution-view';
import { RegionTreeSelect } from '../../components/region-tree-select';
import { ActiveStatusTag, AgreementStatusTag } from '../../components/tags';
import { numberFilter, usePagedList } from '../../hooks/use-paged-list';

/** 定点医药机构: search institutions by name/code, region, kind, level and agreement status. */
export default function InstitutionListPage() {
  const { t } = useTranslation();
  const levelText = useInstitutionLevelText();
  const list = usePagedList<Institution>((filters, page, signal) =>
    listInstitutions(
      {
        q: filters.q,
        regionCode: filters.regionCode,
        kind: filters.kind as InstitutionKind | undefined,
        level: numberFilter(filters, 'level') as InstitutionLevel | undefined,
        agreementStatus: filters.agreementStatus as AgreementStatus | undefined,
        ...page,
      },
      signal,
    ),
  );

  const columns: ColumnsType<Institution> = [
    {
      title: t('institution.code'),
      dataIndex: 'code',
      render: (v: string) => <span className="yb-mono">{v}</span>,
    },
    {
      title: t('institution.name'),
      dataIndex: 'name',
      render: (name: string, i) => <Link to={`/agency/institutions/${i.id}`}>{name}</Link>,
    },
    {
      title: t('institution.kind'),
      dataIndex: 'kind',
      render: (v: InstitutionKind) => t(`institutionKind.${v}`),
    },
    { title: t('institution.level'), key: 'level', render: (_, i) => levelText(i) },
    { title: t('institution.region'), dataIndex: 'regionName' },
    {
      title: t('institution.agreementStatus'),
      dataIndex: 'agreementStatus',
      render: (v: AgreementStatus) => <AgreementStatusTag status={v} />,
    },
    {
      title: t('institution.agreementPeriod'),
      key: 'period',
      render: (_, i) => <span className="yb-nowrap">{`${i.agreementStart} ~ ${i.agreementEnd}`}</span>,
    },
    {
      title: t('catalogue.dualChannel'),
      dataIndex: 'dualChannel',
      render: (v: boolean) => (v ? <Tag color="geekblue">{t('catalogue.dualChannel')}</Tag> : null),
    },
    {
      title: t('institution.status'),
      dataIndex: 'status',
      render: (v: Institution['status']) => <ActiveStatusTag status={v} />,
    },
  ];

  return (
    <div className="yb-stack">
      <FilterBar filters={list.filters} onChange={list.setFilters}>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear placeholder={t('institution.searchPlaceholder')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('institution.region')}>
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item name="kind" label={t('institution.kind')}>
          <EnumSelect ns="institutionKind" values={INSTITUTION_KINDS} />
        </Form.Item>
        <Form.Item name="level" label={t('institution.level')}>
          <EnumSelect ns="level" values={['1', '2', '3']} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="agreementStatus" label={t('institution.agreementStatus')}>
          <EnumSelect ns="agreementStatus" values={AGREEMENT_STATUSES} style={{ width: 130 }} />
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        {list.error !== undefined ? (
          <ErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Institution>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items as Institution[] | undefined}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
          />
        )}
      </div>
    </div>
  );
}
