import { QrcodeOutlined, SafetyOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Popconfirm,
  Row,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  activateEVoucher,
  getMyEVoucher,
  grantRelative,
  issueMyToken,
  type MyEVoucher,
  revokeEVoucher,
  revokeGrant,
} from '../../api/evoucher';
import { AsyncContent } from '../../components/async-content';
import { applyFieldErrors } from '../../components/form-modal';
import { RotatingQr } from '../../components/rotating-qr';
import { formatDateTime } from '../../format/datetime';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';
import { useLanguage } from '../../hooks/use-language';

interface ActivateValues {
  readonly certno: string;
  readonly name: string;
  readonly password: string;
}

/** 激活: the identity check (full ID number, name, account password). */
function ActivateCard({ onActivated }: { readonly onActivated: (v: MyEVoucher) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const [form] = Form.useForm<ActivateValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const finish = async (values: ActivateValues) => {
    setSubmitting(true);
    setError(undefined);
    try {
      onActivated(await activateEVoucher(values));
    } catch (e) {
      setError(e);
      applyFieldErrors(form, e, language);
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card
      title={
        <span>
          <SafetyOutlined /> {t('evoucher.activateTitle')}
        </span>
      }
      style={{ maxWidth: 560 }}
    >
      <div className="yb-stack">
        <Alert type="info" showIcon title={t('evoucher.activateHint')} />
        {error !== undefined ? (
          <Alert type="error" showIcon title={errorText(error)} data-testid="evoucher-activate-error" />
        ) : null}
        <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} autoComplete="off">
          <Form.Item
            name="certno"
            label={t('evoucher.certno')}
            rules={[{ required: true, message: t('evoucher.certnoRequired') }]}
          >
            <Input maxLength={18} className="yb-mono" data-testid="evoucher-certno" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('evoucher.name')}
            rules={[{ required: true, message: t('evoucher.nameRequired') }]}
          >
            <Input maxLength={50} data-testid="evoucher-name" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('evoucher.password')}
            rules={[{ required: true, message: t('evoucher.passwordRequired') }]}
          >
            <Input.Password maxLength={200} autoComplete="current-password" data-testid="evoucher-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="evoucher-activate">
            {t('evoucher.activate')}
          </Button>
        </Form>
      </div>
    </Card>
  );
}

/** 近亲代展授权: which close relatives may show my code. */
function GrantsCard({
  voucher,
  onChange,
}: {
  readonly voucher: MyEVoucher;
  readonly onChange: (v: MyEVoucher) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<number | null>(null);

  const run = async (personId: number, action: () => Promise<MyEVoucher>) => {
    setBusy(personId);
    try {
      onChange(await action());
      void message.success(t('common.operationSucceeded'));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('evoucher.proxyTitle')}>
      <div className="yb-stack">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('evoucher.proxyHint')}
        </Typography.Paragraph>
        {voucher.relatives.length === 0 ? (
          <Empty description={t('evoucher.noRelatives')} />
        ) : (
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            dataSource={[...voucher.relatives]}
            data-testid="evoucher-relatives"
            columns={[
              { key: 'name', title: t('relative.name'), dataIndex: 'name' },
              {
                key: 'relation',
                title: t('evoucher.relation'),
                render: (_, r) => t(`relation.${r.relation}`),
              },
              {
                key: 'certno',
                title: t('relative.certno'),
                render: (_, r) => <span className="yb-mono">{r.certnoMasked}</span>,
              },
              {
                key: 'status',
                title: t('common.status'),
                render: (_, r) =>
                  r.grantId ? (
                    <Tag color="green">{t('evoucher.granted')}</Tag>
                  ) : (
                    <Tag>{t('evoucher.notGranted')}</Tag>
                  ),
              },
              {
                key: 'actions',
                title: t('common.actions'),
                render: (_, r) => {
                  const grantId = r.grantId;
                  return grantId ? (
                    <Popconfirm
                      title={t('evoucher.revokeGrantConfirm')}
                      onConfirm={() => run(r.personId, () => revokeGrant(grantId))}
                    >
                      <Button
                        size="small"
                        danger
                        loading={busy === r.personId}
                        data-testid={`evoucher-revoke-grant-${r.personId}`}
                      >
                        {t('evoucher.revokeGrant')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      loading={busy === r.personId}
                      onClick={() => void run(r.personId, () => grantRelative(r.personId))}
                      data-testid={`evoucher-grant-${r.personId}`}
                    >
                      {t('evoucher.grant')}
                    </Button>
                  );
                },
              },
            ]}
          />
        )}
      </div>
    </Card>
  );
}

/** 最近使用记录: each scan of my code, so a use I did not make stands out. */
function RecentScansCard({ voucher }: { readonly voucher: MyEVoucher }) {
  const { t } = useTranslation();
  return (
    <Card title={t('evoucher.recentScans')}>
      <div className="yb-stack">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('evoucher.recentScansHint')}
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey={(r) => `${r.at}-${r.institutionName ?? ''}-${r.shownBy ?? ''}`}
          pagination={false}
          dataSource={[...voucher.recentScans]}
          locale={{ emptyText: t('evoucher.noScans') }}
          data-testid="evoucher-recent-scans"
          columns={[
            { key: 'at', title: t('evoucher.scanAt'), render: (_, r) => formatDateTime(r.at) },
            {
              key: 'institution',
              title: t('evoucher.scanInstitution'),
              render: (_, r) => r.institutionName ?? '—',
            },
            {
              key: 'shownBy',
              title: t('evoucher.scanShownBy'),
              render: (_, r) => r.shownBy ?? t('evoucher.shownBySelf'),
            },
          ]}
        />
      </div>
    </Card>
  );
}

/** 医保电子凭证: activate, show my rotating code, revoke, and allow relatives to show it. */
export default function HallEVoucherPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const loaded = useAsync((signal) => getMyEVoucher(signal), 'me/e-voucher');
  const [current, setCurrent] = useState<MyEVoucher | undefined>(undefined);
  const [revoking, setRevoking] = useState(false);
  const state = current ? { ...loaded, data: current, error: undefined } : loaded;

  const revoke = async () => {
    setRevoking(true);
    try {
      setCurrent(await revokeEVoucher());
      void message.success(t('evoucher.revoked'));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setRevoking(false);
    }
  };

  return (
    <AsyncContent state={state}>
      {(voucher) =>
        voucher.status === 'none' ? (
          <ActivateCard onActivated={setCurrent} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={10}>
              <Card
                title={
                  <span>
                    <QrcodeOutlined /> {t('evoucher.myCode')}
                  </span>
                }
                extra={
                  <Popconfirm title={t('evoucher.revokeConfirm')} onConfirm={() => revoke()}>
                    <Button size="small" danger loading={revoking} data-testid="evoucher-revoke">
                      {t('evoucher.revoke')}
                    </Button>
                  </Popconfirm>
                }
              >
                <div className="yb-stack">
                  <Alert type="success" showIcon title={t('evoucher.codeHint')} />
                  <RotatingQr issue={issueMyToken} testId="evoucher-code" />
                  <Typography.Text type="secondary" className="yb-small">
                    {t('evoucher.activatedAt')}: {formatDateTime(voucher.activatedAt)}
                  </Typography.Text>
                </div>
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <div className="yb-stack">
                <GrantsCard voucher={voucher} onChange={setCurrent} />
                <RecentScansCard voucher={voucher} />
              </div>
            </Col>
          </Row>
        )
      }
    </AsyncContent>
  );
}
