import { Alert, type ButtonProps, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorText } from '../hooks/use-error-text';
import { useLanguage } from '../hooks/use-language';

/** `body.person.certno`, `/certno` or `certno` → the form field path. */
export function fieldPathOf(apiPath: string): (string | number)[] {
  return apiPath
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .split(/[./]/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Puts the API's per-field errors on the form's fields, in the current language. */
export function applyFieldErrors(form: FormInstance, error: unknown, language: 'zh' | 'en'): void {
  if (!(error instanceof ApiError) || error.fields.length === 0) return;
  form.setFields(
    error.fields.map((f) => ({
      name: fieldPathOf(f.path),
      errors: [language === 'zh' ? f.messageZh : f.messageEn],
    })),
  );
}

export interface FormModalProps<V> {
  readonly open: boolean;
  readonly title: ReactNode;
  readonly onClose: () => void;
  /** throws on failure; the modal shows the error and keeps the input */
  readonly onSubmit: (values: V) => Promise<void>;
  readonly initialValues?: Partial<V>;
  readonly children: ReactNode;
  readonly okText?: ReactNode;
  readonly width?: number;
  readonly testId?: string;
  /** data-testid of the OK button */
  readonly okTestId?: string;
  /** a red OK button, for actions that cannot be undone */
  readonly okDanger?: boolean;
}

/** A modal with a vertical form; API errors appear on top and on the fields they concern. */
export function FormModal<V extends object>({
  open,
  title,
  onClose,
  onSubmit,
  initialValues,
  children,
  okText,
  width = 640,
  testId,
  okTestId,
  okDanger,
}: FormModalProps<V>) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const [form] = Form.useForm<V>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const finish = async (values: V) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit(values);
    } catch (e) {
      setError(e);
      applyFieldErrors(form, e, language);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('common.submit')}
      okButtonProps={{ danger: okDanger, ...(okTestId ? ({ 'data-testid': okTestId } as ButtonProps) : {}) }}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
      afterClose={() => setError(undefined)}
      mask={{ closable: false }}
    >
      <div data-testid={testId}>
        {error !== undefined ? (
          <Alert type="error" showIcon title={errorText(error)} className="yb-form-error" />
        ) : null}
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void finish(values)}
          preserve={false}
        >
          {children}
        </Form>
      </div>
    </Modal>
  );
}
