import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, type ButtonProps, Descriptions, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalCredentials } from '../api/terminals';

/** The fields in the order `yibao terminal add --json` prints them. */
const FIELDS = [
  'devNo',
  'fixmedinsCode',
  'regionCode',
  'paasid',
  'passToken',
  'accessKey',
  'secretKey',
] as const satisfies readonly (keyof TerminalCredentials)[];
const SECRETS: ReadonlySet<string> = new Set(['passToken', 'secretKey']);

/** The credentials file: the same JSON as `yibao terminal add --json`, read by `yibao his --credentials`. */
export function credentialsJson(credentials: TerminalCredentials): string {
  const ordered = Object.fromEntries(FIELDS.map((key) => [key, credentials[key]]));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started by now; the object URL only keeps the secret in memory.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A new terminal's credentials, shown this once: copy buttons, the JSON file for the HIS vendor,
 * and a warning. It closes only through its button, which asks again when nothing was saved.
 */
export function TerminalCredentialsModal({
  credentials,
  onClose,
}: {
  readonly credentials: TerminalCredentials;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const json = credentialsJson(credentials);

  const close = () => {
    if (saved) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('terminal.closeUnsavedTitle'),
      content: t('terminal.closeUnsavedContent'),
      okText: t('terminal.closeAnyway'),
      okButtonProps: { danger: true, 'data-testid': 'terminal-credentials-close-anyway' } as ButtonProps,
      cancelText: t('common.back'),
      onOk: onClose,
    });
  };

  return (
    <Modal
      open
      width={720}
      title={t('terminal.credentialsTitle', { devNo: credentials.devNo })}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button
            icon={<CopyOutlined />}
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(json);
                setSaved(true);
                void message.success(t('terminal.copied'));
              } catch {
                void message.error(t('terminal.copyFailed'));
              }
            }}
          >
            {t('terminal.copyAll')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            data-testid="terminal-credentials-download"
            onClick={() => {
              download(`terminal-${credentials.devNo}.json`, json);
              setSaved(true);
            }}
          >
            {t('terminal.download')}
          </Button>
          <Button type="primary" data-testid="terminal-credentials-close" onClick={close}>
            {t('terminal.savedClose')}
          </Button>
        </Space>
      }
    >
      <div className="yb-stack" data-testid="terminal-credentials">
        <Alert
          type="warning"
          showIcon
          title={t('terminal.credentialsWarning')}
          description={t('terminal.credentialsWarningDetail')}
        />
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 200 } }}
          items={FIELDS.map((key) => ({
            key,
            label: (
              <Space orientation="vertical" size={0}>
                <span className="yb-mono">{key}</span>
                <Typography.Text type="secondary" className="yb-small">
                  {t(`terminal.credential.${key}`)}
                </Typography.Text>
              </Space>
            ),
            children: (
              <Typography.Text
                className="yb-mono yb-break"
                strong={SECRETS.has(key)}
                data-testid={`terminal-credential-${key}`}
                copyable={{ text: credentials[key], onCopy: () => setSaved(true) }}
              >
                {credentials[key]}
              </Typography.Text>
            ),
          }))}
        />
        <Typography.Text type="secondary" className="yb-small">
          {t('terminal.downloadHint', { file: `terminal-${credentials.devNo}.json` })}
        </Typography.Text>
      </div>
    </Modal>
  );
}
