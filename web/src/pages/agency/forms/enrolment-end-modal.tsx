import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { endEnrolment } from '../../../api/persons';
import type { Enrolment } from '../../../api/types';
import { FormModal } from '../../../components/form-modal';

interface EndFormValues {
  readonly endDate: Dayjs;
  readonly reason: string;
}

/** Ends an enrolment (POST /enrolments/:id/end). */
export function EnrolmentEndModal({
  enrolment,
  onClose,
  onSaved,
}: {
  readonly enrolment: Enrolment | undefined;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<EndFormValues>
      open={enrolment !== undefined}
      title={
        enrolment ? t('enrolment.endTitle', { name: t(`insuranceType.${enrolment.insuranceType}`) }) : ''
      }
      onClose={onClose}
      width={480}
      testId="enrolment-end-form"
      onSubmit={async (values) => {
        if (!enrolment) return;
        await endEnrolment(enrolment.id, {
          endDate: values.endDate.format('YYYY-MM-DD'),
          reason: values.reason.trim(),
        });
        onSaved();
      }}
    >
      <Form.Item
        name="endDate"
        label={t('enrolment.endDate')}
        rules={[{ required: true, message: t('common.required', { field: t('enrolment.endDate') }) }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('enrolment.endReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('enrolment.endReason') }),
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount />
      </Form.Item>
    </FormModal>
  );
}
