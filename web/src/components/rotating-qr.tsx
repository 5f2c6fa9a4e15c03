import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, QRCode, Space, Typography } from 'antd';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedToken } from '../api/evoucher';
import { useErrorText } from '../hooks/use-error-text';

interface Shown {
  readonly token: IssuedToken;
  /** client clock when it arrived: the countdown runs on this clock, not the server's */
  readonly receivedAt: number;
}

/**
 * An e-voucher QR code that fetches a fresh token every `refreshAfterSeconds` (60 s; tokens live
 * 120 s), with a countdown. A hidden tab's timers are throttled, so the one-second tick also
 * fetches when a code is overdue.
 */
export function RotatingQr({
  issue,
  testId,
}: {
  readonly issue: () => Promise<IssuedToken>;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const fetchToken = useEffectEvent(() => issue());

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    fetchToken().then(
      (token) => {
        if (cancelled) return;
        setShown({ token, receivedAt: Date.now() });
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (cancelled) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [version]);

  const nextAt = shown ? shown.receivedAt + shown.token.refreshAfterSeconds * 1000 : Number.POSITIVE_INFINITY;
  const remaining = Math.max(0, Math.ceil((nextAt - now) / 1000));
  const overdue = shown !== undefined && !loading && error === undefined && now >= nextAt;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (overdue) setVersion((v) => v + 1);
  }, [overdue]);

  const refresh = () => setVersion((v) => v + 1);
  const total = shown?.token.refreshAfterSeconds ?? 60;

  return (
    <div className="yb-stack" style={{ alignItems: 'center' }} data-testid={testId}>
      <QRCode
        value={shown?.token.token ?? '-'}
        size={240}
        errorLevel="M"
        type="svg"
        status={error !== undefined ? 'expired' : loading && !shown ? 'loading' : 'active'}
        onRefresh={refresh}
        data-testid={`${testId}-qr`}
      />
      {error !== undefined ? (
        <Alert type="error" showIcon title={errorText(error)} data-testid={`${testId}-error`} />
      ) : (
        <>
          <Progress
            percent={Math.round((remaining / total) * 100)}
            showInfo={false}
            size="small"
            style={{ width: 240 }}
          />
          <Space>
            <Typography.Text type="secondary" data-testid={`${testId}-countdown`}>
              {loading ? t('evoucher.refreshing') : t('evoucher.refreshIn', { seconds: remaining })}
            </Typography.Text>
            <Button size="small" icon={<ReloadOutlined />} onClick={refresh} disabled={loading}>
              {t('evoucher.refresh')}
            </Button>
          </Space>
          {shown ? (
            <Typography.Text
              type="secondary"
              className="yb-mono yb-small"
              copyable={{ text: shown.token.token }}
              data-testid={`${testId}-token`}
            >
              {shown.token.token}
            </Typography.Text>
          ) : null}
        </>
      )}
    </div>
  );
}
