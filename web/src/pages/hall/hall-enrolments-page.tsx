import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncContent } from '../../components/async-content';
import { EnrolmentsTable } from '../../components/enrolments-table';
import { useMyPerson } from './use-my-person';

/** 我的参保: every enrolment, current and past. */
export default function HallEnrolmentsPage() {
  const { t } = useTranslation();
  const state = useMyPerson();
  return (
    <AsyncContent state={state}>
      {(person) => (
        <Card title={t('menu.myEnrolments')}>
          <EnrolmentsTable
            enrolments={person.enrolments}
            employerNames={
              person.employerId !== null && person.employerName
                ? new Map([[person.employerId, person.employerName]])
                : undefined
            }
          />
        </Card>
      )}
    </AsyncContent>
  );
}
