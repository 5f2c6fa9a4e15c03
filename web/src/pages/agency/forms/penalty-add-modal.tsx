import { Col, DatePicker, Form, Input, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addPenalty } from '../../../api/institutions';
import { type InstitutionDetail, PENALTY_KINDS, type PenaltyKind } from '../../../api/types';
import { EnumSelect } from '../../../components/enum-select';
import { FormModal } from '../../../components/form-modal';
import { parseYuanToFen } from '../../../format/money';

interface PenaltyFormValues {
  readonly date: Dayjs;
  readonly kind: PenaltyKind;
  /** yuan, as typed */
  readonly amount?: string;
  readonly reason: string;
  readonly endDate?: Dayjs;
}

/** Records a penalty on an institution (POST /institutions/:id/penalties); the amount is typed in yuan and sent in fen. */
export function PenaltyAddModal({
  institution,
  onClose,
  onSaved,
}: {
  readonly institution: InstitutionDetail;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <FormModal<PenaltyFormValues>
      open
      title={`${t('institution.addPenalty')} · ${institution.name}`}
      onClose={onClose}
      testId="penalty-add-form"
      onSubmit={async (values) => {
        await addPenalty(institution.id, {
          date: values.date.format('YYYY-MM-DD'),
          kind: values.kind,
          amount: values.amount ? (parseYuanToFen(values.amount) ?? 0) : 0,
          reason: values.reason.trim(),
          ...(values.endDate ? { endDate: values.endDate.format('YYYY-MM-DD') } : {}),
        });
        onSaved();
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="date"
            label={t('institution.penaltyDate')}
            rules={required(t('institution.penaltyDate'))}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="kind"
            label={t('institution.penaltyKind')}
            rules={required(t('institution.penaltyKind'))}
          >
            <EnumSelect ns="penaltyKind" values={PENALTY_KINDS} allowClear={false} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="amount"
            label={t('institution.penaltyAmount')}
            rules={[{ pattern: /^\d+(\.\d{1,2})?$/, message: t('institution.penaltyAmount') }]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="endDate" label={t('institution.penaltyEnd')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item
            name="reason"
            label={t('institution.penaltyReason')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('institution.penaltyReason') }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
