import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/auth-context';
import { EmployeesList } from '../../components/employees-list';

/** 参保职工: the employees of the clerk's employer. */
export default function EmployerEmployeesPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (user.employerId === null) {
    return <Result status="warning" title={t('common.notLinked', { what: t('employer.detailTitle') })} />;
  }
  return (
    <Card title={t('employer.employees')}>
      <EmployeesList employerId={user.employerId} syncUrl />
    </Card>
  );
}
