import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  registerTerminal,
  TERMINAL_KINDS,
  TERMINAL_LOCATION_MAX,
  type TerminalCredentials,
  type TerminalKind,
} from '../api/terminals';
import { EnumSelect } from './enum-select';
import { FormModal } from './form-modal';

interface TerminalFormValues {
  readonly kind: TerminalKind;
  readonly devNo?: string;
  readonly location?: string;
}

/** 登记终端 (POST /institutions/:code/terminals): the credentials go to `onRegistered`, shown once there. */
export function TerminalRegisterModal({
  institutionCode,
  onClose,
  onRegistered,
}: {
  readonly institutionCode: string;
  readonly onClose: () => void;
  readonly onRegistered: (credentials: TerminalCredentials) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<TerminalFormValues>
      open
      title={t('terminal.registerTitle')}
      onClose={onClose}
      testId="terminal-register-form"
      okTestId="terminal-register-submit"
      okText={t('terminal.register')}
      initialValues={{ kind: 'counter' }}
      onSubmit={async (values) => {
        const devNo = values.devNo?.trim();
        const location = values.location?.trim();
        onRegistered(
          await registerTerminal(institutionCode, {
            kind: values.kind,
            ...(devNo ? { devNo } : {}),
            ...(location ? { location } : {}),
          }),
        );
      }}
    >
      <Alert type="info" showIcon title={t('terminal.registerHint')} className="yb-form-error" />
      <Form.Item
        name="kind"
        label={t('terminal.kind')}
        rules={[{ required: true, message: t('common.required', { field: t('terminal.kind') }) }]}
      >
        <EnumSelect ns="terminalKind" values={TERMINAL_KINDS} allowClear={false} testId="terminal-kind" />
      </Form.Item>
      <Form.Item
        name="devNo"
        label={t('terminal.devNo')}
        extra={t('terminal.devNoHint')}
        rules={[{ pattern: /^\s*[\w.-]{1,100}\s*$/, message: t('terminal.devNoInvalid') }]}
      >
        <Input
          placeholder={t('terminal.devNoPlaceholder')}
          autoComplete="off"
          data-testid="terminal-dev-no"
        />
      </Form.Item>
      <Form.Item name="location" label={t('terminal.location')}>
        <Input
          placeholder={t('terminal.locationPlaceholder')}
          maxLength={TERMINAL_LOCATION_MAX}
          showCount
          data-testid="terminal-location"
        />
      </Form.Item>
    </FormModal>
  );
}
