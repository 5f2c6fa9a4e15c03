import { Alert, App, Button, Card, Empty, List, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CreditDebt, listMyDebts, listMyNotices, payDebt } from '../../api/payments';
import { AsyncContent } from '../../components/async-content';
import { formatDateTime } from '../../format/datetime';
import { formatYuan } from '../../format/money';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';
import { useLanguage } from '../../hooks/use-language';

/** 先诊疗后付费: what the person owes from credit settlements, paid online here, and the reminders. */
export default function MyCreditPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const debts = useAsync((signal) => listMyDebts(signal), 'debts');
  const notices = useAsync((signal) => listMyNotices(signal), 'notices');
  const [paying, setPaying] = useState<number | undefined>(undefined);

  const pay = async (debt: CreditDebt) => {
    setPaying(debt.id);
    try {
      await payDebt(debt.id);
      void message.success(t('common.operationSucceeded'));
      debts.reload();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setPaying(undefined);
    }
  };

  return (
    <div className="yb-stack">
      <Alert type="info" showIcon title={t('payment.creditHint')} />
      <Card title={t('payment.debts')}>
        <AsyncContent state={debts}>
          {({ items }) => (
            <Table<CreditDebt>
              rowKey="id"
              size="small"
              dataSource={items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="credit-debts"
              locale={{ emptyText: <Empty description={t('payment.noDebts')} /> }}
              columns={[
                { key: 'institution', title: t('payment.institution'), dataIndex: 'institutionName' },
                {
                  key: 'setlNo',
                  title: t('settle.setlNo'),
                  render: (_, d) => <span className="yb-mono">{d.setlNo}</span>,
                },
                {
                  key: 'amount',
                  title: t('payment.amount'),
                  align: 'right',
                  render: (_, d) => <span className="yb-num">{formatYuan(d.amount)}</span>,
                },
                { key: 'due', title: t('payment.dueDate'), dataIndex: 'dueDate' },
                {
                  key: 'status',
                  title: t('payment.status'),
                  render: (_, d) =>
                    d.overdue ? (
                      <Tag color="error">{t('payment.debtStatus.overdue')}</Tag>
                    ) : (
                      <Tag
                        color={d.status === 'paid' ? 'success' : d.status === 'void' ? 'default' : 'warning'}
                      >
                        {t(`payment.debtStatus.${d.status}`)}
                      </Tag>
                    ),
                },
                {
                  key: 'paidAt',
                  title: '',
                  render: (_, d) =>
                    d.status === 'open' ? (
                      <Popconfirm
                        title={t('payment.payConfirm', { amount: formatYuan(d.amount) })}
                        onConfirm={() => void pay(d)}
                      >
                        <Button
                          type="primary"
                          size="small"
                          loading={paying === d.id}
                          data-testid="credit-pay"
                        >
                          {t('payment.pay')}
                        </Button>
                      </Popconfirm>
                    ) : d.status === 'paid' ? (
                      <Typography.Text type="secondary">{formatDateTime(d.paidAt)}</Typography.Text>
                    ) : null,
                },
              ]}
            />
          )}
        </AsyncContent>
      </Card>
      <Card title={t('payment.notices')}>
        <AsyncContent state={notices}>
          {({ items }) => (
            <List
              size="small"
              dataSource={items}
              locale={{ emptyText: <Empty description={t('payment.noNotices')} /> }}
              renderItem={(n) => (
                <List.Item extra={formatDateTime(n.createdAt)}>
                  <Typography.Text type={n.kind === 'debtOverdue' ? 'danger' : undefined}>
                    {language === 'en' ? n.titleEn : n.titleZh}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
        </AsyncContent>
      </Card>
    </div>
  );
}
