import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { addRelative } from '../../../api/persons';
import { type PersonDetail, RELATIONS, type Relation } from '../../../api/types';
import { EnumSelect } from '../../../components/enum-select';
import { FormModal } from '../../../components/form-modal';
import { PersonSelect } from '../../../components/remote-select';

interface RelativeFormValues {
  readonly relativeId: number;
  readonly relation: Relation;
}

/** Records a close relative (POST /persons/:id/relatives). */
export function RelativeAddModal({
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
  return (
    <FormModal<RelativeFormValues>
      open={open}
      title={`${t('relative.add')} · ${person.name}`}
      onClose={onClose}
      width={520}
      testId="relative-add-form"
      onSubmit={async (values) => {
        await addRelative(person.id, values);
        onSaved();
      }}
    >
      <Form.Item
        name="relativeId"
        label={t('relative.relativeId')}
        rules={[{ required: true, message: t('common.required', { field: t('relative.relativeId') }) }]}
      >
        <PersonSelect />
      </Form.Item>
      <Form.Item
        name="relation"
        label={t('relative.relation')}
        rules={[{ required: true, message: t('common.required', { field: t('relative.relation') }) }]}
      >
        <EnumSelect ns="relation" values={RELATIONS} allowClear={false} />
      </Form.Item>
    </FormModal>
  );
}
