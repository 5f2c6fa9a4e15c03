import { PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  listTerminals,
  type Terminal,
  type TerminalCredentials,
  type TerminalKind,
  type TerminalStatus,
} from '../api/terminals';
import { formatDateTime } from '../format/datetime';
import { useAsync } from '../hooks/use-async';
import { ErrorResult } from './async-content';
import { TerminalCredentialsModal } from './terminal-credentials-modal';
import { TerminalRegisterModal } from './terminal-register-modal';
import { TerminalRevokeModal } from './terminal-revoke-modal';

const KIND_COLORS: Record<TerminalKind, string> = {
  counter: 'blue',
  kiosk: 'cyan',
  mobile: 'geekblue',
  face: 'purple',
};

function TerminalStatusTag({ status }: { readonly status: TerminalStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'success' : 'default'}>{t(`terminalStatus.${status}`)}</Tag>;
}

/** `2026-05-01 09:30:00` above `by clerk`, for the registered and revoked columns. */
function WhenWho({
  at,
  by,
  extra,
}: {
  readonly at: string;
  readonly by: string | null;
  readonly extra?: ReactNode;
}) {
  return (
    <div>
      <div className="yb-nowrap">{formatDateTime(at)}</div>
      {by ? (
        <Typography.Text type="secondary" className="yb-small">
          {by}
        </Typography.Text>
      ) : null}
      {extra}
    </div>
  );
}

type Filter = 'all' | TerminalStatus;

/**
 * The HIS terminals (一机一码) of one institution: who registered each and when, which are
 * revoked and why. `canRegister` adds 登记终端 (its credentials are shown once); `canRevoke` adds
 * 注销 on active terminals. The server decides again on every request.
 */
export function TerminalsCard({
  institutionCode,
  canRegister = false,
  canRevoke = false,
  title,
}: {
  readonly institutionCode: string;
  readonly canRegister?: boolean;
  readonly canRevoke?: boolean;
  readonly title?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const state = useAsync((signal) => listTerminals(institutionCode, signal), institutionCode);
  const [filter, setFilter] = useState<Filter>('all');
  const [registering, setRegistering] = useState(false);
  const [credentials, setCredentials] = useState<TerminalCredentials | undefined>(undefined);
  const [revoking, setRevoking] = useState<Terminal | undefined>(undefined);

  const all = state.data?.items ?? [];
  const active = all.filter((x) => x.status === 'active').length;
  // Newest first: the one just registered or revoked is on top.
  const shown = all.filter((x) => filter === 'all' || x.status === filter).sort((a, b) => b.id - a.id);

  const columns: ColumnsType<Terminal> = [
    {
      title: t('terminal.devNo'),
      dataIndex: 'devNo',
      render: (devNo: string) => <span className="yb-mono yb-break">{devNo}</span>,
    },
    {
      title: t('terminal.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (kind: TerminalKind) => <Tag color={KIND_COLORS[kind]}>{t(`terminalKind.${kind}`)}</Tag>,
    },
    {
      title: t('terminal.location'),
      dataIndex: 'location',
      render: (location: string) => location || '—',
    },
    {
      title: t('terminal.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: TerminalStatus) => <TerminalStatusTag status={status} />,
    },
    {
      title: t('terminal.registered'),
      key: 'registered',
      width: 180,
      render: (_, x) => <WhenWho at={x.createdAt} by={x.createdBy} />,
    },
    {
      title: t('terminal.revoked'),
      key: 'revoked',
      width: 220,
      render: (_, x) =>
        x.revokedAt ? (
          <WhenWho
            at={x.revokedAt}
            by={x.revokedBy}
            extra={
              x.revokeReason ? (
                <div className="yb-small yb-break" data-testid={`terminal-revoke-reason-${x.devNo}`}>
                  {t('terminal.reasonIs', { reason: x.revokeReason })}
                </div>
              ) : null
            }
          />
        ) : (
          '—'
        ),
    },
    ...(canRevoke
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, x: Terminal) =>
              x.status === 'active' ? (
                <Button
                  danger
                  size="small"
                  icon={<StopOutlined />}
                  data-testid={`terminal-revoke-${x.devNo}`}
                  onClick={() => setRevoking(x)}
                >
                  {t('terminal.revoke')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card
      title={
        <Space wrap>
          <span>{title ?? t('terminal.title')}</span>
          {state.data ? (
            <Typography.Text type="secondary" className="yb-small">
              {t('terminal.counts', { active, total: all.length })}
            </Typography.Text>
          ) : null}
        </Space>
      }
      extra={
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'active', label: t('terminalStatus.active') },
              { value: 'revoked', label: t('terminalStatus.revoked') },
            ]}
          />
          <Tooltip title={t('common.retry')}>
            <Button icon={<ReloadOutlined />} onClick={state.reload} aria-label={t('common.retry')} />
          </Tooltip>
          {canRegister ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="terminal-register-open"
              onClick={() => setRegistering(true)}
            >
              {t('terminal.register')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {state.error !== undefined ? (
        <ErrorResult error={state.error} onRetry={state.reload} />
      ) : (
        <Table<Terminal>
          rowKey="id"
          size="middle"
          data-testid="terminals-table"
          columns={columns}
          dataSource={shown}
          loading={state.loading}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: t('terminal.none') }}
          onRow={(x) => ({ 'data-dev-no': x.devNo, 'data-status': x.status }) as object}
          scroll={{ x: 900 }}
        />
      )}
      {registering ? (
        <TerminalRegisterModal
          institutionCode={institutionCode}
          onClose={() => setRegistering(false)}
          onRegistered={(c) => {
            setRegistering(false);
            setCredentials(c);
            state.reload();
          }}
        />
      ) : null}
      {credentials ? (
        <TerminalCredentialsModal credentials={credentials} onClose={() => setCredentials(undefined)} />
      ) : null}
      {revoking ? (
        <TerminalRevokeModal
          terminal={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={(x) => {
            setRevoking(undefined);
            void message.success(t('terminal.revokedMessage', { devNo: x.devNo }));
            state.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
