import { Col, DatePicker, Form, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addEnrolment } from '../../../api/persons';
import {
  INSURANCE_TYPES,
  type InsuranceType,
  PERSON_CATEGORIES,
  type PersonCategory,
  type PersonDetail,
} from '../../../api/types';
import { useUser } from '../../../auth/auth-context';
import { EnumSelect } from '../../../components/enum-select';
import { FormModal } from '../../../components/form-modal';
import { EmployerSelect } from '../../../components/remote-select';
import { useLanguage } from '../../../hooks/use-language';
import { poolingRegionCodeOf, poolingRegionsFor } from '../../../regions/pooling-regions';

interface EnrolmentFormValues {
  readonly insuranceType: InsuranceType;
  readonly category: PersonCategory;
  readonly regionCode: string;
  readonly employerId?: number;
  readonly startDate: Dayjs;
}

/** Enrols a person in an insurance type (POST /persons/:id/enrolments). */
export function EnrolmentAddModal({
  open,
  person,
  onClose,
  onSaved,
}: {
  readonly open: boolean;
  readonly person: PersonDetail;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const regions = poolingRegionsFor(user.regionCodes);
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];

  return (
    <FormModal<EnrolmentFormValues>
      open={open}
      title={`${t('enrolment.add')} · ${person.name}`}
      onClose={onClose}
      testId="enrolment-add-form"
      initialValues={{
        regionCode: poolingRegionCodeOf(person.regionCode),
        employerId: person.employerId ?? undefined,
      }}
      onSubmit={async (values) => {
        await addEnrolment(person.id, {
          insuranceType: values.insuranceType,
          category: values.category,
          regionCode: values.regionCode,
          startDate: values.startDate.format('YYYY-MM-DD'),
          ...(values.employerId !== undefined ? { employerId: values.employerId } : {}),
        });
        onSaved();
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="insuranceType"
            label={t('enrolment.insuranceType')}
            rules={required(t('enrolment.insuranceType'))}
          >
            <EnumSelect ns="insuranceType" values={INSURANCE_TYPES} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="category"
            label={t('enrolment.category')}
            rules={required(t('enrolment.category'))}
          >
            <EnumSelect ns="category" values={PERSON_CATEGORIES} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="regionCode" label={t('enrolment.region')} rules={required(t('enrolment.region'))}>
            <Select
              options={regions.map((r) => ({
                value: r.code,
                label: language === 'zh' ? r.nameZh : r.nameEn,
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="startDate"
            label={t('enrolment.startDate')}
            rules={required(t('enrolment.startDate'))}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="employerId" label={t('enrolment.employer')}>
            <EmployerSelect initialLabel={person.employerName ?? undefined} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
