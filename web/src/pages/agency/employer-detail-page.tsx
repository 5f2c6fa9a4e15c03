import { EditOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { deactivateEmployer, getEmployer } from '../../api/employers';
import type { Employer } from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canEditRegistry } from '../../auth/roles';
import { AsyncContent } from '../../components/async-content';
import { BackLink } from '../../components/back-link';
import { EmployeesList } from '../../components/employees-list';
import { EmployerDescriptions } from '../../components/employer-descriptions';
import { HistoryTable } from '../../components/history-table';
import { ActiveStatusTag } from '../../components/tags';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';
import { EmployerFormModal } from './forms/employer-form-modal';

function EmployerDetailView({
  employer,
  reload,
}: {
  readonly employer: Employer;
  readonly reload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const editable = canEditRegistry(user.role) && employer.status === 'active';
  const [editing, setEditing] = useState(false);

  const saved = () => {
    setEditing(false);
    void message.success(t('common.operationSucceeded'));
    reload();
  };

  return (
    <Card
      title={
        <Space>
          {employer.name}
          <ActiveStatusTag status={employer.status} />
        </Space>
      }
      extra={
        editable ? (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('common.deactivate')}
              description={t('common.confirmDeactivate', { name: employer.name })}
              okButtonProps={{ danger: true }}
              onConfirm={async () => {
                try {
                  await deactivateEmployer(employer.id);
                  saved();
                } catch (e) {
                  void message.error(errorText(e));
                }
              }}
            >
              <Button danger icon={<StopOutlined />}>
                {t('common.deactivate')}
              </Button>
            </Popconfirm>
          </Space>
        ) : undefined
      }
    >
      <Tabs
        items={[
          {
            key: 'basic',
            label: t('person.basicInfo'),
            children: <EmployerDescriptions employer={employer} />,
          },
          {
            key: 'employees',
            label: t('employer.employees'),
            children: <EmployeesList employerId={employer.id} personLink={(id) => `/agency/persons/${id}`} />,
          },
          {
            key: 'history',
            label: t('person.history'),
            children: <HistoryTable entityType="employer" entityId={employer.id} />,
          },
        ]}
      />
      {editing ? (
        <EmployerFormModal employer={employer} onClose={() => setEditing(false)} onSaved={saved} />
      ) : null}
    </Card>
  );
}

/** 单位详情 (agency): the employer, its employees and its change history. */
export default function EmployerDetailPage() {
  const { id } = useParams();
  const employerId = Number(id);
  const state = useAsync((signal) => getEmployer(employerId, signal), String(employerId));
  return (
    <div className="yb-stack">
      <BackLink to="/agency/employers" />
      <AsyncContent state={state}>
        {(employer) => <EmployerDetailView key={employer.id} employer={employer} reload={state.reload} />}
      </AsyncContent>
    </div>
  );
}
