import { TeamOutlined } from '@ant-design/icons';
import { Button, Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { getEmployer } from '../../api/employers';
import { useUser } from '../../auth/auth-context';
import { AsyncContent } from '../../components/async-content';
import { EmployerDescriptions } from '../../components/employer-descriptions';
import { useAsync } from '../../hooks/use-async';

function EmployerHome({ employerId }: { readonly employerId: number }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getEmployer(employerId, signal), String(employerId));
  return (
    <AsyncContent state={state}>
      {(employer) => (
        <Card
          title={employer.name}
          extra={
            <Link to="/employer/employees">
              <Button icon={<TeamOutlined />}>{t('employer.employees')}</Button>
            </Link>
          }
        >
          <EmployerDescriptions employer={employer} />
        </Card>
      )}
    </AsyncContent>
  );
}

/** 单位服务 home: the clerk's own employer. */
export default function MyEmployerPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (user.employerId === null) {
    return <Result status="warning" title={t('common.notLinked', { what: t('employer.detailTitle') })} />;
  }
  return <EmployerHome employerId={user.employerId} />;
}
