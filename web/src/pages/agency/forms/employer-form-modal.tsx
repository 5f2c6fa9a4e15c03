import { Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { createEmployer, updateEmployer } from '../../../api/employers';
import { EMPLOYER_SIZE_CLASSES, type Employer, type EmployerInput } from '../../../api/types';
import { EnumSelect } from '../../../components/enum-select';
import { FormModal } from '../../../components/form-modal';
import { RegionTreeSelect } from '../../../components/region-tree-select';

type EmployerFormValues = Omit<EmployerInput, 'contactPhone'> & { readonly contactPhone?: string };

/** Registers or edits an employer. The contact phone comes masked, so when editing it starts empty (empty keeps it). */
export function EmployerFormModal({
  employer,
  onClose,
  onSaved,
}: {
  readonly employer?: Employer;
  readonly onClose: () => void;
  readonly onSaved: (employer: Employer) => void;
}) {
  const { t } = useTranslation();
  const editing = employer !== undefined;
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('common.required', { field }) },
  ];
  return (
    <FormModal<EmployerFormValues>
      open
      title={editing ? t('employer.edit') : t('employer.create')}
      onClose={onClose}
      okText={t('common.save')}
      testId="employer-form"
      initialValues={
        employer
          ? {
              regionCode: employer.regionCode,
              uscc: employer.uscc,
              name: employer.name,
              sizeClass: employer.sizeClass,
              industry: employer.industry,
              address: employer.address,
              contactName: employer.contactName,
            }
          : undefined
      }
      onSubmit={async ({ contactPhone, uscc, ...rest }) => {
        if (employer) {
          onSaved(await updateEmployer(employer.id, { ...rest, ...(contactPhone ? { contactPhone } : {}) }));
        } else {
          onSaved(await createEmployer({ ...rest, uscc, contactPhone: contactPhone ?? '' }));
        }
      }}
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="name" label={t('employer.name')} rules={required(t('employer.name'))}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="uscc"
            label={t('employer.uscc')}
            rules={[...required(t('employer.uscc')), { len: 18, message: t('employer.uscc') }]}
          >
            <Input maxLength={18} className="yb-mono" disabled={editing} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="regionCode" label={t('employer.region')} rules={required(t('employer.region'))}>
            <RegionTreeSelect />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="sizeClass"
            label={t('employer.sizeClass')}
            rules={required(t('employer.sizeClass'))}
          >
            <EnumSelect ns="sizeClass" values={EMPLOYER_SIZE_CLASSES} allowClear={false} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="industry" label={t('employer.industry')} rules={required(t('employer.industry'))}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="contactName"
            label={t('employer.contactName')}
            rules={required(t('employer.contactName'))}
          >
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="contactPhone"
            label={t('employer.contactPhone')}
            rules={editing ? [] : required(t('employer.contactPhone'))}
            extra={editing ? employer.contactPhone : undefined}
          >
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('employer.address')} rules={required(t('employer.address'))}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
