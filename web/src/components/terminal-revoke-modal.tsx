import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { revokeTerminal, TERMINAL_REVOKE_REASON_MAX, type Terminal } from '../api/terminals';
import { FormModal } from './form-modal';

/** 注销终端 (POST /terminals/:devNo/revoke): takes effect at the terminal's next request, with a reason. */
export function TerminalRevokeModal({
  terminal,
  onClose,
  onRevoked,
}: {
  readonly terminal: Terminal;
  readonly onClose: () => void;
  readonly onRevoked: (terminal: Terminal) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ readonly reason: string }>
      open
      title={t('terminal.revokeTitle', { devNo: terminal.devNo })}
      onClose={onClose}
      testId="terminal-revoke-form"
      okTestId="terminal-revoke-submit"
      okText={t('terminal.revokeSubmit')}
      okDanger
      onSubmit={async ({ reason }) => onRevoked(await revokeTerminal(terminal.devNo, reason.trim()))}
    >
      <Alert type="warning" showIcon title={t('terminal.revokeWarning')} className="yb-form-error" />
      <Form.Item
        name="reason"
        label={t('terminal.revokeReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('terminal.revokeReason') }),
          },
        ]}
      >
        <Input.TextArea
          rows={3}
          maxLength={TERMINAL_REVOKE_REASON_MAX}
          showCount
          placeholder={t('terminal.revokeReasonPlaceholder')}
          data-testid="terminal-revoke-reason"
        />
      </Form.Item>
    </FormModal>
  );
}
