import { Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { PersonDetail } from '../api/types';
import { ActiveStatusTag, InsuranceTypeTag } from './tags';

/** The basic facts of a person. ID and phone numbers are shown as the API returns them (masked). */
export function PersonDescriptions({
  person,
  employerLink,
}: {
  readonly person: PersonDetail;
  /** where the employer name links to, if anywhere */
  readonly employerLink?: (employerId: number) => string;
}) {
  const { t } = useTranslation();
  const employer =
    person.employerId !== null && person.employerName ? (
      employerLink ? (
        <Link to={employerLink(person.employerId)}>{person.employerName}</Link>
      ) : (
        person.employerName
      )
    ) : (
      t('common.none')
    );
  return (
    <Descriptions
      bordered
      size="middle"
      column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
      items={[
        { key: 'name', label: t('person.name'), children: person.name },
        { key: 'psnNo', label: t('person.psnNo'), children: person.psnNo },
        { key: 'status', label: t('person.status'), children: <ActiveStatusTag status={person.status} /> },
        {
          key: 'certno',
          label: t('person.certno'),
          children: <span className="yb-mono">{person.certno}</span>,
        },
        { key: 'sex', label: t('person.sex'), children: t(`sex.${person.sex}`) },
        { key: 'birthDate', label: t('person.birthDate'), children: person.birthDate },
        { key: 'ethnicity', label: t('person.ethnicity'), children: person.ethnicity },
        { key: 'phone', label: t('person.phone'), children: <span className="yb-mono">{person.phone}</span> },
        { key: 'region', label: t('person.region'), children: `${person.regionName} (${person.regionCode})` },
        {
          key: 'insuranceType',
          label: t('person.insuranceType'),
          children: person.activeBasicInsuranceType ? (
            <InsuranceTypeTag type={person.activeBasicInsuranceType} short={false} />
          ) : (
            t('common.none')
          ),
        },
        {
          key: 'category',
          label: t('person.category'),
          children: person.category ? t(`category.${person.category}`) : t('common.none'),
        },
        { key: 'employer', label: t('person.employer'), children: employer },
        { key: 'address', label: t('person.address'), children: person.address, span: 2 },
        {
          key: 'chronic',
          label: t('person.chronicDiseases'),
          children:
            person.chronicDiseases.length > 0 ? (
              <Space size={[4, 4]} wrap>
                {person.chronicDiseases.map((d) => (
                  <Tag key={d.code} color="magenta">
                    {d.name}
                  </Tag>
                ))}
              </Space>
            ) : (
              t('common.none')
            ),
        },
      ]}
    />
  );
}
