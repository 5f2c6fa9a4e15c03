import { Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { createPerson, updatePerson } from '../../../api/persons';
import type { PersonChanges, PersonDetail } from '../../../api/types';
import { FormModal } from '../../../components/form-modal';
import { RegionTreeSelect } from '../../../components/region-tree-select';
import { EmployerSelect } from '../../../components/remote-select';

interface PersonFormValues {
  readonly name: string;
  readonly certno?: string;
  readonly regionCode: string;
  readonly phone?: string;
  readonly address: string;
  readonly ethnicity: string;
  readonly employerId?: number;
}

/**
 * Registers a new person, or edits one. When editing, the ID number cannot change and the phone field
 * starts empty (the API only returns it masked): left empty, it keeps its value.
 */
export function PersonFormModal({
  open,
  person,
  onClose,
  onSaved,
}: {
  readonly open: boolean;
  readonly person?: PersonDetail;
  readonly onClose: () => void;
  readonly onSaved: (person: PersonDetail) => void;
}) {
  const { t } = useTranslation();
  const editing = person !== undefined;
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('common.required', { field }) },
  ];

  const submit = async (values: PersonFormValues) => {
    if (person) {
      const changes: PersonChanges = {
        name: values.name,
        regionCode: values.regionCode,
        address: values.address,
        ethnicity: values.ethnicity,
        employerId: values.employerId ?? null,
        ...(values.phone ? { phone: values.phone } : {}),
      };
      onSaved(await updatePerson(person.id, changes));
    } else {
      onSaved(
        await createPerson({
          name: values.name,
          certno: values.certno ?? '',
          regionCode: values.regionCode,
          phone: values.phone ?? '',
          address: values.address,
          ethnicity: values.ethnicity,
          ...(values.employerId !== undefined ? { employerId: values.employerId } : {}),
        }),
      );
    }
  };

  return (
    <FormModal<PersonFormValues>
      open={open}
      title={editing ? t('person.edit') : t('person.create')}
      onClose={onClose}
      onSubmit={submit}
      okText={t('common.save')}
      testId="person-form"
      initialValues={
        person
          ? {
              name: person.name,
              regionCode: person.regionCode,
              address: person.address,
              ethnicity: person.ethnicity,
              employerId: person.employerId ?? undefined,
            }
          : { ethnicity: '汉族' }
      }
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="name" label={t('person.name')} rules={required(t('person.name'))}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          {editing ? (
            <Form.Item label={t('person.certno')}>
              <Input value={person.certno} disabled />
            </Form.Item>
          ) : (
            <Form.Item
              name="certno"
              label={t('person.certno')}
              rules={[
                ...required(t('person.certno')),
                { pattern: /^\d{17}[\dXx]$/, message: t('person.certno') },
              ]}
            >
              <Input maxLength={18} className="yb-mono" />
            </Form.Item>
          )}
        </Col>
        <Col span={12}>
          <Form.Item name="regionCode" label={t('person.region')} rules={required(t('person.region'))}>
            <RegionTreeSelect />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="phone"
            label={t('person.phone')}
            rules={editing ? [] : required(t('person.phone'))}
            extra={editing ? person.phone : undefined}
          >
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="ethnicity" label={t('person.ethnicity')} rules={required(t('person.ethnicity'))}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="employerId" label={t('person.employer')}>
            <EmployerSelect initialLabel={person?.employerName ?? undefined} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('person.address')} rules={required(t('person.address'))}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
