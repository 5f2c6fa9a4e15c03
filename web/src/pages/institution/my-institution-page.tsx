import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { getInstitution } from '../../api/institutions';
import { useUser } from '../../auth/auth-context';
import { AsyncContent } from '../../components/async-content';
import { InstitutionView } from '../../components/institution-view';
import { useAsync } from '../../hooks/use-async';

function InstitutionHome({ institutionId }: { readonly institutionId: number }) {
  const state = useAsync((signal) => getInstitution(institutionId, signal), String(institutionId));
  return (
    <AsyncContent state={state}>
      {(institution) => <InstitutionView institution={institution} />}
    </AsyncContent>
  );
}

/** 定点机构门户 home: the operator's own institution. */
export default function MyInstitutionPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (user.institutionId === null) {
    return <Result status="warning" title={t('common.notLinked', { what: t('institution.detailTitle') })} />;
  }
  return <InstitutionHome institutionId={user.institutionId} />;
}
