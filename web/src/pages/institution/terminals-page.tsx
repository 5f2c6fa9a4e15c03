import { Alert, Descriptions, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { getInstitution } from '../../api/institutions';
import { useUser } from '../../auth/auth-context';
import { AsyncContent } from '../../components/async-content';
import { TerminalsCard } from '../../components/terminals-card';
import { useAsync } from '../../hooks/use-async';

/** The gateway's unified path; docs/his-integration.md lists the per-service paths too. */
const GATEWAY_PATH = '/fsi/api/rsfComIfsService/callService';

function InstitutionTerminals({ institutionId }: { readonly institutionId: number }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getInstitution(institutionId, signal), String(institutionId));
  return (
    <AsyncContent state={state}>
      {(institution) => (
        <div className="yb-stack">
          <Alert
            type="info"
            showIcon
            title={t('terminal.pageHint')}
            description={
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'url',
                    label: t('terminal.gatewayUrl'),
                    children: (
                      <Typography.Text className="yb-mono yb-break" copyable>
                        {`${window.location.origin}${GATEWAY_PATH}`}
                      </Typography.Text>
                    ),
                  },
                  {
                    key: 'code',
                    label: 'fixmedins_code',
                    children: (
                      <Typography.Text className="yb-mono" copyable>
                        {institution.code}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            }
          />
          <TerminalsCard institutionCode={institution.code} canRegister canRevoke />
        </div>
      )}
    </AsyncContent>
  );
}

/** 终端管理 (institution portal): register and revoke this institution's HIS terminals (一机一码). */
export default function TerminalsPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (user.institutionId === null) {
    return <Result status="warning" title={t('common.notLinked', { what: t('institution.detailTitle') })} />;
  }
  return <InstitutionTerminals institutionId={user.institutionId} />;
}
