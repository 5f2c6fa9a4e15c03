import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { deactivateInstitution, getInstitution } from '../../api/institutions';
import type { InstitutionDetail } from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canEditRegistry, canRevokeTerminal } from '../../auth/roles';
import { AsyncContent } from '../../components/async-content';
import { BackLink } from '../../components/back-link';
import { HistoryTable } from '../../components/history-table';
import { InstitutionView } from '../../components/institution-view';
import { TerminalsCard } from '../../components/terminals-card';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';
import { PenaltyAddModal } from './forms/penalty-add-modal';

function InstitutionDetailView({
  institution,
  reload,
}: {
  readonly institution: InstitutionDetail;
  readonly reload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const editable = canEditRegistry(user.role) && institution.status === 'active';
  const [addingPenalty, setAddingPenalty] = useState(false);

  const saved = () => {
    setAddingPenalty(false);
    void message.success(t('common.operationSucceeded'));
    reload();
  };

  return (
    <InstitutionView
      institution={institution}
      extra={
        editable ? (
          <Popconfirm
            title={t('common.deactivate')}
            description={t('common.confirmDeactivate', { name: institution.name })}
            okButtonProps={{ danger: true }}
            onConfirm={async () => {
              try {
                await deactivateInstitution(institution.id);
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
        ) : undefined
      }
      penaltyExtra={
        editable ? (
          <Button icon={<PlusOutlined />} onClick={() => setAddingPenalty(true)}>
            {t('institution.addPenalty')}
          </Button>
        ) : undefined
      }
    >
      <TerminalsCard institutionCode={institution.code} canRevoke={canRevokeTerminal(user.role)} />
      <Card title={t('person.history')}>
        <HistoryTable entityType="institution" entityId={institution.id} />
      </Card>
      {addingPenalty ? (
        <PenaltyAddModal institution={institution} onClose={() => setAddingPenalty(false)} onSaved={saved} />
      ) : null}
    </InstitutionView>
  );
}

/** 机构详情 (agency): agreement, evaluations, penalties, HIS terminals and change history. */
export default function InstitutionDetailPage() {
  const { id } = useParams();
  const institutionId = Number(id);
  const state = useAsync((signal) => getInstitution(institutionId, signal), String(institutionId));
  return (
    <div className="yb-stack">
      <BackLink to="/agency/institutions" />
      <AsyncContent state={state}>
        {(institution) => (
          <InstitutionDetailView key={institution.id} institution={institution} reload={state.reload} />
        )}
      </AsyncContent>
    </div>
  );
}
