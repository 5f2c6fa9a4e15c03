import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Popconfirm,
  Radio,
  Result,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  confirmPaymentOrder,
  declinePaymentOrder,
  getPaymentOrder,
  listMyPaymentOrders,
  type PaymentOrder,
} from '../../api/payments';
import { AsyncContent } from '../../components/async-content';
import { PaymentOrderStatusTag } from '../../components/payment-order-status-tag';
import { BreakdownView } from '../../components/settlement-breakdown';
import { SettlementDrawer } from '../../components/settlement-detail';
import { formatDateTime } from '../../format/datetime';
import { formatYuan } from '../../format/money';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';

const money = (fen: number) => <span className="yb-num">{formatYuan(fen)}</span>;

/** One pending order: the amounts, the person's choices, confirm or decline. */
function PendingOrderCard({ orderId, onDone }: { readonly orderId: number; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const state = useAsync((signal) => getPaymentOrder(orderId, signal), String(orderId));
  const [useAccount, setUseAccount] = useState(false);
  const [method, setMethod] = useState<'online' | 'credit'>('online');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [paid, setPaid] = useState<PaymentOrder | undefined>(undefined);

  const act = async (action: () => Promise<PaymentOrder>) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await action();
      if (next.status === 'paid') setPaid(next);
      else {
        void message.success(t('common.operationSucceeded'));
        onDone();
      }
    } catch (e) {
      setError(e);
      // new amounts, or the order ended meanwhile: show what it is now
      state.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <AsyncContent state={state}>
      {(order) => {
        if (paid)
          return (
            <Card data-testid="pay-result" data-status={paid.status}>
              <Result
                status="success"
                title={t('payment.paid')}
                subTitle={
                  paid.channel === 'credit'
                    ? t('payment.paidCredit', {
                        amount: formatYuan(paid.useAccount ? paid.cashWithAccount : paid.personShare),
                      })
                    : t('payment.paidOnline', { amount: formatYuan(paid.paidAmount ?? 0) })
                }
                extra={
                  <Button type="primary" onClick={onDone} data-testid="pay-done">
                    {t('common.ok')}
                  </Button>
                }
              />
            </Card>
          );
        const account = useAccount ? order.accountShare : 0;
        const cash = order.personShare - account;
        const credit = order.credit;
        const creditRefusal =
          credit?.refusal ?? (credit && cash > credit.available ? ('limit' as const) : null);
        const pending = order.status === 'pending';
        return (
          <Card
            data-testid="pay-order"
            data-order-no={order.orderNo}
            title={
              <Space>
                <span>{order.institutionName}</span>
                <PaymentOrderStatusTag status={order.status} />
              </Space>
            }
          >
            <div className="yb-stack">
              {error instanceof ApiError && error.code === 'YB_ERR_PAYMENT_FIGURES_CHANGED' ? (
                <Alert type="warning" showIcon title={t('payment.repriced')} data-testid="pay-repriced" />
              ) : error !== undefined ? (
                <Alert type="error" showIcon title={errorText(error)} data-testid="pay-error" />
              ) : null}
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, sm: 2 }}
                items={[
                  {
                    key: 'orderNo',
                    label: t('payment.orderNo'),
                    children: <span className="yb-mono">{order.orderNo}</span>,
                  },
                  {
                    key: 'expiresAt',
                    label: t('payment.expiresAt'),
                    children: formatDateTime(order.expiresAt),
                  },
                  {
                    key: 'total',
                    label: t('payment.total'),
                    children: <span data-testid="pay-total">{money(order.total)}</span>,
                  },
                  { key: 'fund', label: t('payment.fundShare'), children: money(order.fundShare) },
                  { key: 'account', label: t('payment.accountShare'), children: money(account) },
                  {
                    key: 'cash',
                    label: t('payment.cash'),
                    children: (
                      <Typography.Text strong data-testid="pay-cash" data-fen={cash}>
                        {money(cash)}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
              {pending ? (
                <>
                  {order.accountShare > 0 ? (
                    <Space>
                      <Switch checked={useAccount} onChange={setUseAccount} data-testid="pay-use-account" />
                      <span>{t('payment.useAccount')}</span>
                    </Space>
                  ) : null}
                  {credit?.offered ? (
                    <div>
                      <Typography.Text type="secondary">{t('payment.method')}</Typography.Text>
                      <Radio.Group
                        value={method}
                        onChange={(e) => setMethod(e.target.value)}
                        style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 4 }}
                      >
                        <Radio value="online" data-testid="pay-method-online">
                          {t('payment.methodOnline')}
                        </Radio>
                        <Radio
                          value="credit"
                          disabled={creditRefusal !== null}
                          data-testid="pay-method-credit"
                        >
                          {t('payment.methodCredit', { days: credit.dueDays })}
                        </Radio>
                      </Radio.Group>
                      <Typography.Text type="secondary" className="yb-small">
                        {creditRefusal
                          ? t('payment.creditUnavailable', {
                              reason: t(`payment.creditRefusal.${creditRefusal}`),
                            })
                          : t('payment.creditAvailable', { amount: formatYuan(credit.available) })}
                      </Typography.Text>
                    </div>
                  ) : null}
                  <Space wrap>
                    <Button
                      type="primary"
                      icon={<CheckCircleOutlined />}
                      loading={busy}
                      onClick={() =>
                        void act(() =>
                          confirmPaymentOrder(order.id, {
                            useAccount,
                            method: method === 'credit' && creditRefusal === null ? 'credit' : 'online',
                          }),
                        )
                      }
                      data-testid="pay-confirm"
                    >
                      {t('payment.confirm')}
                    </Button>
                    <Popconfirm
                      title={t('payment.declineConfirm')}
                      onConfirm={() => void act(() => declinePaymentOrder(order.id))}
                    >
                      <Button icon={<CloseCircleOutlined />} disabled={busy} data-testid="pay-decline">
                        {t('payment.decline')}
                      </Button>
                    </Popconfirm>
                  </Space>
                </>
              ) : null}
              <Collapse
                size="small"
                items={[
                  {
                    key: 'breakdown',
                    label: t('settle.breakdown'),
                    children: <BreakdownView breakdown={order.breakdown} />,
                  },
                ]}
              />
            </div>
          </Card>
        );
      }}
    </AsyncContent>
  );
}

/** 待支付: the person's mobile-payment orders; pending ones can be paid or declined here. */
export default function MyPaymentsPage() {
  const { t } = useTranslation();
  const state = useAsync((signal) => listMyPaymentOrders(signal), 'orders');
  const [open, setOpen] = useState<number | undefined>(undefined);
  return (
    <div className="yb-stack">
      <Alert type="info" showIcon title={t('payment.pendingHint')} />
      <AsyncContent state={state}>
        {({ items }) => {
          const pending = items.filter((o) => o.status === 'pending');
          const past = items.filter((o) => o.status !== 'pending');
          return (
            <>
              <Card title={t('payment.pendingTitle')} data-testid="pay-pending">
                {pending.length === 0 ? (
                  <Empty description={t('payment.noPending')} data-testid="pay-none" />
                ) : (
                  <div className="yb-stack">
                    {pending.map((o) => (
                      <PendingOrderCard key={o.id} orderId={o.id} onDone={state.reload} />
                    ))}
                  </div>
                )}
              </Card>
              <Card title={t('payment.history')}>
                <Table<PaymentOrder>
                  rowKey="id"
                  size="small"
                  dataSource={past}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="pay-history"
                  columns={[
                    {
                      key: 'orderNo',
                      title: t('payment.orderNo'),
                      render: (_, o) => <span className="yb-mono">{o.orderNo}</span>,
                    },
                    { key: 'institution', title: t('payment.institution'), dataIndex: 'institutionName' },
                    {
                      key: 'status',
                      title: t('payment.status'),
                      render: (_, o) => (
                        <Space>
                          <PaymentOrderStatusTag status={o.status} />
                          {o.channel ? <Tag>{t(`payment.channel.${o.channel}`)}</Tag> : null}
                        </Space>
                      ),
                    },
                    {
                      key: 'total',
                      title: t('payment.total'),
                      align: 'right',
                      render: (_, o) => money(o.total),
                    },
                    {
                      key: 'paid',
                      title: t('payment.cash'),
                      align: 'right',
                      render: (_, o) => (o.paidAmount === null ? '—' : money(o.paidAmount)),
                    },
                    {
                      key: 'at',
                      title: t('payment.time'),
                      render: (_, o) => formatDateTime(o.paidAt ?? o.endedAt ?? o.expiresAt),
                    },
                    {
                      key: 'settlement',
                      title: '',
                      render: (_, o) =>
                        o.settlementId ? (
                          <Button
                            type="link"
                            size="small"
                            onClick={() => setOpen(o.settlementId ?? undefined)}
                          >
                            {t('payment.viewSettlement')}
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </AsyncContent>
      <SettlementDrawer
        settlementId={open}
        mayReverse={false}
        showParties={false}
        onClose={() => setOpen(undefined)}
      />
    </div>
  );
}
