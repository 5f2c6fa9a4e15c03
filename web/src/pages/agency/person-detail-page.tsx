import { EditOutlined, StopOutlined, UserAddOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { getPerson } from '../../api/persons';
import type { Enrolment, PersonDetail } from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canEditRegistry } from '../../auth/roles';
import { AsyncContent } from '../../components/async-content';
import { BackLink } from '../../components/back-link';
import { EnrolmentsTable } from '../../components/enrolments-table';
import { HistoryTable } from '../../components/history-table';
import { PersonDescriptions } from '../../components/person-descriptions';
import { FamilyTable, RelativesTable } from '../../components/relatives-table';
import { ActiveStatusTag } from '../../components/tags';
import { useAsync } from '../../hooks/use-async';
import { EnrolmentAddModal } from './forms/enrolment-add-modal';
import { EnrolmentEndModal } from './forms/enrolment-end-modal';
import { PersonDeactivateModal } from './forms/person-deactivate-modal';
import { PersonFormModal } from './forms/person-form-modal';
import { RelativeAddModal } from './forms/relative-add-modal';

const personLink = (id: number) => `/agency/persons/${id}`;
const employerLink = (id: number) => `/agency/employers/${id}`;

type Dialog = 'edit' | 'enrol' | 'relative' | 'deactivate' | null;

function PersonDetailView({
  person,
  reload,
}: {
  readonly person: PersonDetail;
  readonly reload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const editable = canEditRegistry(user.role) && person.status === 'active';
  const [dialog, setDialog] = useState<Dialog>(null);
  const [ending, setEnding] = useState<Enrolment | undefined>(undefined);

  const saved = () => {
    setDialog(null);
    setEnding(undefined);
    void message.success(t('common.operationSucceeded'));
    reload();
  };

  const employerNames =
    person.employerId !== null && person.employerName
      ? new Map([[person.employerId, person.employerName]])
      : undefined;

  return (
    <div className="yb-stack">
      <Card
        title={
          <Space>
            <span>{person.name}</span>
            <Typography.Text type="secondary" className="yb-mono">
              {person.psnNo}
            </Typography.Text>
            <ActiveStatusTag status={person.status} />
          </Space>
        }
        extra={
          editable ? (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('person.edit')}
              </Button>
              <Button icon={<UserAddOutlined />} onClick={() => setDialog('enrol')}>
                {t('enrolment.add')}
              </Button>
              <Button icon={<UsergroupAddOutlined />} onClick={() => setDialog('relative')}>
                {t('relative.add')}
              </Button>
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('deactivate')}>
                {t('common.deactivate')}
              </Button>
            </Space>
          ) : undefined
        }
      >
        <Tabs
          items={[
            {
              key: 'basic',
              label: t('person.basicInfo'),
              children: <PersonDescriptions person={person} employerLink={employerLink} />,
            },
            {
              key: 'enrolments',
              label: `${t('person.enrolments')} (${person.enrolments.length})`,
              children: (
                <EnrolmentsTable
                  enrolments={person.enrolments}
                  employerNames={employerNames}
                  employerLink={employerLink}
                  withHistory
                  actions={
                    editable
                      ? (e) =>
                          e.status !== 'ended' ? (
                            <Button size="small" type="link" danger onClick={() => setEnding(e)}>
                              {t('enrolment.end')}
                            </Button>
                          ) : null
                      : undefined
                  }
                />
              ),
            },
            {
              key: 'relatives',
              label: `${t('person.relatives')} (${person.relatives.length})`,
              children: (
                <div className="yb-stack">
                  <RelativesTable relatives={person.relatives} personLink={personLink} />
                  <Typography.Title level={5}>{t('person.family')}</Typography.Title>
                  {person.family ? (
                    <FamilyTable family={person.family} personLink={personLink} />
                  ) : (
                    <Empty description={t('relative.familyNone')} />
                  )}
                </div>
              ),
            },
            {
              key: 'history',
              label: t('person.history'),
              children: <HistoryTable entityType="person" entityId={person.id} />,
            },
          ]}
        />
      </Card>
      {dialog === 'edit' ? (
        <PersonFormModal open person={person} onClose={() => setDialog(null)} onSaved={saved} />
      ) : null}
      {dialog === 'enrol' ? (
        <EnrolmentAddModal open person={person} onClose={() => setDialog(null)} onSaved={saved} />
      ) : null}
      {dialog === 'relative' ? (
        <RelativeAddModal open person={person} onClose={() => setDialog(null)} onSaved={saved} />
      ) : null}
      {dialog === 'deactivate' ? (
        <PersonDeactivateModal person={person} onClose={() => setDialog(null)} onSaved={saved} />
      ) : null}
      <EnrolmentEndModal enrolment={ending} onClose={() => setEnding(undefined)} onSaved={saved} />
    </div>
  );
}

/** 参保人详情: basic information, enrolments with history, relatives and family, change history. */
export default function PersonDetailPage() {
  const { id } = useParams();
  const personId = Number(id);
  const state = useAsync((signal) => getPerson(personId, signal), String(personId));
  return (
    <div className="yb-stack">
      <BackLink to="/agency/persons" />
      <AsyncContent state={state}>
        {(person) => <PersonDetailView key={person.id} person={person} reload={state.reload} />}
      </AsyncContent>
    </div>
  );
}
