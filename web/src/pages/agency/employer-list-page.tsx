import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { listEmployers } from '../../api/employers';
import {
  type ActiveStatus,
  EMPLOYER_SIZE_CLASSES,
  type Employer,
  type EmployerSizeClass,
} from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canEditRegistry } from '../../auth/roles';
import { ErrorResult } from '../../components/async-content';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { RegionTreeSelect } from '../../components/region-tree-select';
import { ActiveStatusTag } from '../../components/tags';
import { usePagedList } from '../../hooks/use-paged-list';
import { EmployerFormModal } from './forms/employer-form-modal';

const employerPath = (id: number) => `/agency/employers/${id}`;

/** 参保单位: search employers by name or credit code, region, size and status. */
export default function EmployerListPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = usePagedList<Employer>((filters, page, signal) =>
    listEmployers(
      {
        q: filters.q,
        regionCode: filters.regionCode,
        sizeClass: filters.sizeClass as EmployerSizeClass | undefined,
        status: filters.status as ActiveStatus | undefined,
        ...page,
      },
      signal,
    ),
  );

  const columns: ColumnsType<Employer> = [
    {
      title: t('employer.name'),
      dataIndex: 'name',
      render: (name: string, e) => <Link to={employerPath(e.id)}>{name}</Link>,
    },
    {
      title: t('employer.uscc'),
      dataIndex: 'uscc',
      render: (v: string) => <span className="yb-mono">{v}</span>,
    },
    { title: t('employer.region'), dataIndex: 'regionName' },
    {
      title: t('employer.sizeClass'),
      dataIndex: 'sizeClass',
      width: 100,
      render: (v: EmployerSizeClass) => t(`sizeClass.${v}`),
    },
    { title: t('employer.industry'), dataIndex: 'industry' },
    { title: t('employer.contactName'), dataIndex: 'contactName', width: 100 },
    {
      title: t('employer.contactPhone'),
      dataIndex: 'contactPhone',
      render: (v: string) => <span className="yb-mono">{v}</span>,
    },
    {
      title: t('employer.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: ActiveStatus) => <ActiveStatusTag status={v} />,
    },
  ];

  return (
    <div className="yb-stack">
      <FilterBar
        filters={list.filters}
        onChange={list.setFilters}
        extra={
          canEditRegistry(user.role) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('employer.create')}
            </Button>
          ) : undefined
        }
      >
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear placeholder={t('employer.searchPlaceholder')} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('employer.region')}>
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item name="sizeClass" label={t('employer.sizeClass')}>
          <EnumSelect ns="sizeClass" values={EMPLOYER_SIZE_CLASSES} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="status" label={t('employer.status')}>
          <EnumSelect ns="activeStatus" values={['active', 'inactive']} style={{ width: 120 }} />
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        {list.error !== undefined ? (
          <ErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Employer>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items as Employer[] | undefined}
            loading={list.loading}
            pagination={list.pagination}
            scroll={{ x: 'max-content' }}
          />
        )}
      </div>
      {creating ? (
        <EmployerFormModal
          onClose={() => setCreating(false)}
          onSaved={(employer) => {
            setCreating(false);
            navigate(employerPath(employer.id));
          }}
        />
      ) : null}
    </div>
  );
}
