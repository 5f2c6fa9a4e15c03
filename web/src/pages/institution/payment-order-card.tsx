import { ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelPaymentOrder, listVisitPaymentOrders, type PaymentOrder } from '../../api/payments';
import type { Visit } from '../../api/types';
import { AsyncContent } from '../../components/async-content';
import { PaymentOrderStatusTag } from '../../components/payment-order-status-tag';
import { formatDateTime } from '../../format/datetime';
import { formatYuan } from '../../format/money';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';

/**
 * The visit's mobile-payment order at the counter (支付不见面): its status and amounts while the
 * patient pays on their phone; 刷新 picks up the outcome, 撤销 gives the visit back to the counter.
 */
export function PaymentOrderCard({
  visit,
  onEnded,
  onPaid,
}: {
  readonly visit: Visit;
  /** the order ended unpaid (withdrawn, declined, expired): the visit is the counter's again */
  readonly onEnded: () => void;
  readonly onPaid: (settlementId: number) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const state = useAsync((signal) => listVisitPaymentOrders(visit.id, signal), `${visit.id}:${visit.status}`);
  const [busy, setBusy] = useState(false);

  const refresh = (order: PaymentOrder | undefined) => {
    if (order?.status === 'paid' && order.settlementId) onPaid(order.settlementId);
    else if (order && order.status !== 'pending') onEnded();
    else state.reload();
  };

  return (
    <AsyncContent state={state}>
      {({ items }) => {
        const order = items[0];
        if (!order) return null;
        return (
          <Card
            title={
              <Space>
                <span>{t('payment.orderCard')}</span>
                <PaymentOrderStatusTag status={order.status} />
              </Space>
            }
            data-testid="settle-payment-order"
            data-status={order.status}
            extra={
              <Space wrap>
                <Button
                  icon={<ReloadOutlined />}
                  onClick={async () => {
                    const next = await listVisitPaymentOrders(visit.id).catch((e: unknown) => {
                      void message.error(errorText(e));
                      return undefined;
                    });
                    refresh(next?.items[0]);
                  }}
                  data-testid="settle-payment-refresh"
                >
                  {t('payment.refresh')}
                </Button>
                {order.status === 'pending' ? (
                  <Popconfirm
                    title={t('payment.cancelConfirm')}
                    onConfirm={async () => {
                      setBusy(true);
                      try {
                        refresh(await cancelPaymentOrder(order.id));
                      } catch (e) {
                        void message.error(errorText(e));
                      } finally {
                        setBusy(false);
                      }
                    }}
                  >
                    <Button danger icon={<StopOutlined />} loading={busy} data-testid="settle-payment-cancel">
                      {t('payment.cancel')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            }
          >
            <div className="yb-stack">
              {order.status === 'pending' ? (
                <Alert type="info" showIcon title={t('payment.createHint')} />
              ) : null}
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  {
                    key: 'orderNo',
                    label: t('payment.orderNo'),
                    children: (
                      <Typography.Text copyable className="yb-mono" data-testid="settle-payment-order-no">
                        {order.orderNo}
                      </Typography.Text>
                    ),
                  },
                  {
                    key: 'expiresAt',
                    label: t('payment.expiresAt'),
                    children: formatDateTime(order.expiresAt),
                  },
                  { key: 'total', label: t('payment.total'), children: formatYuan(order.total) },
                  { key: 'fund', label: t('payment.fundShare'), children: formatYuan(order.fundShare) },
                  { key: 'person', label: t('payment.cash'), children: formatYuan(order.personShare) },
                  ...(order.paidAt
                    ? [
                        {
                          key: 'paid',
                          label: order.channel ? t(`payment.channel.${order.channel}`) : '',
                          children: `${formatYuan(order.paidAmount ?? 0)} · ${formatDateTime(order.paidAt)}`,
                        },
                      ]
                    : []),
                ]}
              />
            </div>
          </Card>
        );
      }}
    </AsyncContent>
  );
}
