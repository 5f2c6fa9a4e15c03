import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../api/types';
import { AsyncContent } from '../../components/async-content';
import { EnrolmentsTable, sortEnrolments } from '../../components/enrolments-table';
import { PersonDescriptions } from '../../components/person-descriptions';
import { RelativesTable } from '../../components/relatives-table';
import { useMyPerson } from './use-my-person';

function Summary({ person }: { readonly person: PersonDetail }) {
  const { t } = useTranslation();
  const current = sortEnrolments(person.enrolments).filter((e) => e.status === 'active');
  const basic = current.find((e) => e.insuranceType === '310' || e.insuranceType === '390');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <Card className="yb-welcome-card">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('hall.greeting', { name: person.name })}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('hall.greetingHint')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} sm={12} md={6}>
        <Card>
          <Statistic
            title={t('hall.currentEnrolment')}
            value={basic ? t(`insuranceTypeShort.${basic.insuranceType}`) : t('hall.noActiveEnrolment')}
            styles={{ content: { fontSize: 20 } }}
          />
          <Typography.Text type="secondary">
            {basic ? `${t(`category.${basic.category}`)} · ${basic.startDate}` : '\u00a0'}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} sm={12} md={6}>
        <Card>
          <Statistic
            title={t('person.chronicDiseases')}
            value={person.chronicDiseases.length}
            styles={{ content: { fontSize: 20 } }}
          />
          <Typography.Text type="secondary" ellipsis>
            {person.chronicDiseases.map((d) => d.name).join('、') || '\u00a0'}
          </Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}

/** 公共服务大厅 home: the insured person's own record. */
export default function HallHomePage() {
  const { t } = useTranslation();
  const state = useMyPerson();
  return (
    <AsyncContent state={state}>
      {(person) => (
        <div className="yb-stack">
          <Summary person={person} />
          <Card title={t('person.basicInfo')}>
            <PersonDescriptions person={person} />
          </Card>
          <Card title={t('person.enrolments')}>
            <EnrolmentsTable
              enrolments={person.enrolments.filter((e) => e.status !== 'ended')}
              employerNames={
                person.employerId !== null && person.employerName
                  ? new Map([[person.employerId, person.employerName]])
                  : undefined
              }
            />
          </Card>
          <Card title={t('person.relatives')}>
            <RelativesTable relatives={person.relatives} />
          </Card>
        </div>
      )}
    </AsyncContent>
  );
}
