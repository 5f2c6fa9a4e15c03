import { Alert, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { deactivatePerson } from '../../../api/persons';
import type { PersonDetail } from '../../../api/types';
import { FormModal } from '../../../components/form-modal';

interface DeactivateFormValues {
  readonly date: Dayjs;
  readonly reason: string;
}

/** Deactivates a person (POST /persons/:id/deactivate {date, reason}); their enrolments end that day. */
export function PersonDeactivateModal({
  person,
  onClose,
  onSaved,
}: {
  readonly person: PersonDetail;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<DeactivateFormValues>
      open
      title={`${t('person.deactivate')} · ${person.name}`}
      onClose={onClose}
      width={480}
      okText={t('common.deactivate')}
      testId="person-deactivate-form"
      initialValues={{ date: dayjs().startOf('day') }}
      onSubmit={async (values) => {
        await deactivatePerson(person.id, {
          date: values.date.format('YYYY-MM-DD'),
          reason: values.reason.trim(),
        });
        onSaved();
      }}
    >
      <Alert type="warning" showIcon title={t('person.deactivateHint')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="date"
        label={t('person.deactivateDate')}
        rules={[{ required: true, message: t('common.required', { field: t('person.deactivateDate') }) }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('person.deactivateReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('person.deactivateReason') }),
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount />
      </Form.Item>
    </FormModal>
  );
}
