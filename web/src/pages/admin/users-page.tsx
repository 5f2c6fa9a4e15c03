import { Form, Input, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listUsers } from '../../api/admin';
import { ROLES, type User } from '../../api/types';
import { ErrorResult } from '../../components/async-content';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { RoleTag } from '../../components/tags';
import { useAsync } from '../../hooks/use-async';
import { useLanguage } from '../../hooks/use-language';
import type { ListFilters } from '../../hooks/use-paged-list';
import { regionCodeLabel } from '../../regions/pooling-regions';

function matches(user: User, filters: ListFilters): boolean {
  const q = filters.q?.toLowerCase();
  if (q && !user.username.toLowerCase().includes(q) && !user.displayName.toLowerCase().includes(q))
    return false;
  if (filters.role && user.role !== filters.role) return false;
  return true;
}

/** 用户管理 (admin): the accounts of all portals. The server returns the whole list; it is filtered here. */
export default function UsersPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const state = useAsync((signal) => listUsers(signal), 'users');
  const [filters, setFilters] = useState<ListFilters>({});
  const users = (state.data?.items ?? []).filter((u) => matches(u, filters));

  const columns: ColumnsType<User> = [
    {
      title: t('user.username'),
      dataIndex: 'username',
      render: (v: string) => <span className="yb-mono">{v}</span>,
    },
    { title: t('user.displayName'), dataIndex: 'displayName' },
    { title: t('user.role'), dataIndex: 'role', render: (role: User['role']) => <RoleTag role={role} /> },
    {
      title: t('user.regions'),
      dataIndex: 'regionCodes',
      render: (codes: readonly string[]) =>
        codes.length > 0 ? codes.map((c) => regionCodeLabel(c, language)).join('、') : t('header.allRegions'),
    },
    {
      title: t('user.linked'),
      key: 'linked',
      render: (_, u) => (
        <Space size={8} wrap>
          {u.personId !== null ? (
            <Link to={`/agency/persons/${u.personId}`}>{t('user.person', { id: u.personId })}</Link>
          ) : null}
          {u.employerId !== null ? (
            <Link to={`/agency/employers/${u.employerId}`}>{t('user.employer', { id: u.employerId })}</Link>
          ) : null}
          {u.institutionId !== null ? (
            <Link to={`/agency/institutions/${u.institutionId}`}>
              {t('user.institution', { id: u.institutionId })}
            </Link>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <div className="yb-stack">
      <FilterBar filters={filters} onChange={setFilters}>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')}>
          <EnumSelect ns="role" values={ROLES} />
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        {state.error !== undefined ? (
          <ErrorResult error={state.error} onRetry={state.reload} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={users}
            loading={state.loading}
            pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { count: total }) }}
          />
        )}
      </div>
    </div>
  );
}
