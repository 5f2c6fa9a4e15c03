import { Alert, Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncContent } from '../../components/async-content';
import { FamilyTable, RelativesTable } from '../../components/relatives-table';
import { useMyPerson } from './use-my-person';

/** 我的家庭: close relatives and the household. */
export default function HallFamilyPage() {
  const { t } = useTranslation();
  const state = useMyPerson();
  return (
    <AsyncContent state={state}>
      {(person) => (
        <div className="yb-stack">
          <Alert type="info" showIcon title={t('hall.familyHint')} />
          <Card title={t('person.relatives')}>
            <RelativesTable relatives={person.relatives} />
          </Card>
          <Card title={t('person.family')}>
            {person.family ? (
              <FamilyTable family={person.family} />
            ) : (
              <Empty description={t('relative.familyNone')} />
            )}
          </Card>
        </div>
      )}
    </AsyncContent>
  );
}
