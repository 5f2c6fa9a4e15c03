import { Col, Descriptions, Empty, Row, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { type Breakdown, type BreakdownLine, type BreakdownStep, PAYERS } from '../api/types';
import { formatYuan } from '../format/money';
import { useLanguage } from '../hooks/use-language';

/** A money figure of the summary; the test id sits on the bare yuan text, the fen value in data-fen. */
function Amount({
  label,
  fen,
  testId,
  emphasis,
}: {
  readonly label: string;
  readonly fen: number;
  readonly testId?: string;
  readonly emphasis?: 'total' | 'fund' | 'person';
}) {
  return (
    <div className={`yb-amount${emphasis ? ` yb-amount-${emphasis}` : ''}`}>
      <div className="yb-amount-label">{label}</div>
      <div className="yb-amount-value yb-num">
        <span className="yb-amount-unit">¥</span>
        <span data-testid={testId} data-fen={fen}>
          {formatYuan(fen)}
        </span>
      </div>
    </div>
  );
}

/** The localised name of a payer code; unknown payers show their code. */
export function usePayerName(): (payer: string) => string {
  const { t } = useTranslation();
  return (payer) => ((PAYERS as readonly string[]).includes(payer) ? t(`payer.${payer}`) : payer);
}

/** `self` → 本人账户, `person:12` → 家庭共济（人员 #12）. */
function useAccountOwnerName(): (owner: string) => string {
  const { t } = useTranslation();
  return (owner) => {
    if (owner === 'self') return t('settle.ownerSelf');
    const match = /^person:(\d+)$/.exec(owner);
    return match ? t('settle.ownerRelative', { id: match[1] }) : owner;
  };
}

const money = (fen: number) => <span className="yb-num">{formatYuan(fen)}</span>;

/** 计算过程: every step of the computation with its policy clause, in the UI language. */
export function BreakdownSteps({ steps }: { readonly steps: readonly BreakdownStep[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columns: ColumnsType<BreakdownStep & { readonly index: number }> = [
    { title: '#', dataIndex: 'index', width: 48 },
    {
      title: t('settle.stepText'),
      key: 'text',
      render: (_, s) => (
        <div>
          <div>{language === 'zh' ? s.zh : s.en}</div>
          {s.lineNo !== undefined ? (
            <Typography.Text type="secondary" className="yb-small">
              {`${t('settle.lineNo')} ${s.lineNo}`}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: t('settle.formula'),
      dataIndex: 'formula',
      render: (formula: string) => <span className="yb-mono yb-small yb-break">{formula}</span>,
    },
    {
      title: t('settle.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 120,
      render: money,
    },
    {
      title: t('settle.clause'),
      key: 'clause',
      width: 200,
      render: (_, s) => (
        <div className="yb-small">
          <div className="yb-break">{s.clause}</div>
          <Typography.Text type="secondary" className="yb-mono">
            {s.rule}
          </Typography.Text>
        </div>
      ),
    },
  ];
  return (
    <Table
      rowKey="index"
      size="small"
      columns={columns}
      dataSource={steps.map((s, i) => ({ ...s, index: i + 1 }))}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="settle-steps"
    />
  );
}

function BreakdownLines({
  lines,
  lineNames,
}: {
  readonly lines: readonly BreakdownLine[];
  readonly lineNames?: ReadonlyMap<number, string>;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<BreakdownLine> = [
    { title: t('settle.lineNo'), dataIndex: 'lineNo', width: 64 },
    {
      title: t('settle.name'),
      key: 'name',
      render: (_, l) => (
        <div>
          {lineNames?.get(l.lineNo) ? <div>{lineNames.get(l.lineNo)}</div> : null}
          <span className="yb-mono yb-small">{l.code}</span>
        </div>
      ),
    },
    { title: t('settle.amount'), dataIndex: 'amount', align: 'right', render: money },
    { title: t('settle.fullSelfPay'), dataIndex: 'fullSelfPay', align: 'right', render: money },
    { title: t('settle.overLimitSelfPay'), dataIndex: 'overLimitSelfPay', align: 'right', render: money },
    { title: t('settle.firstSelfPay'), dataIndex: 'firstSelfPay', align: 'right', render: money },
    { title: t('settle.inScope'), dataIndex: 'inScope', align: 'right', render: money },
    {
      title: t('settle.reason'),
      dataIndex: 'reason',
      render: (reason: string | undefined) => reason ?? '',
    },
  ];
  return (
    <Table<BreakdownLine>
      rowKey="lineNo"
      size="small"
      columns={columns}
      dataSource={lines as BreakdownLine[]}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

/**
 * A settlement or pre-settlement result: the totals, the cost composition, who pays what, and the
 * calculation steps as the explanation (计算过程). Amounts are fen, shown in yuan.
 */
export function BreakdownView({
  breakdown,
  lineNames,
}: {
  readonly breakdown: Breakdown;
  /** line number → item name, when the visit's lines are at hand */
  readonly lineNames?: ReadonlyMap<number, string>;
}) {
  const { t } = useTranslation();
  const payerName = usePayerName();
  const ownerName = useAccountOwnerName();
  const b = breakdown;
  const payers = b.payers.filter((p) => p.amount !== 0);

  return (
    <div className="yb-stack" data-testid="settle-breakdown">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8} xl={5}>
          <Amount label={t('settle.total')} fen={b.total} testId="settle-total" emphasis="total" />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Amount
            label={t('settle.fundTotal')}
            fen={b.fundTotal}
            testId="settle-fund-total"
            emphasis="fund"
          />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Amount
            label={t('settle.personTotal')}
            fen={b.personTotal}
            testId="settle-person-total"
            emphasis="person"
          />
        </Col>
        <Col xs={12} md={12} xl={5}>
          <Amount label={t('settle.personalAccount')} fen={b.personalAccount} testId="settle-account" />
        </Col>
        <Col xs={12} md={12} xl={4}>
          <Amount label={t('settle.cash')} fen={b.cash} testId="settle-cash" />
        </Col>
      </Row>
      <Descriptions
        size="small"
        bordered
        title={t('settle.composition')}
        column={{ xs: 1, sm: 2, lg: 3, xl: 5 }}
        items={(['fullSelfPay', 'overLimitSelfPay', 'firstSelfPay', 'inScope', 'deductible'] as const).map(
          (key) => ({ key, label: t(`settle.${key}`), children: money(b[key]) }),
        )}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={b.accountPayments.length > 0 ? 12 : 24}>
          <Typography.Title level={5}>{t('settle.payers')}</Typography.Title>
          {payers.length > 0 ? (
            <Table
              rowKey="payer"
              size="small"
              pagination={false}
              data-testid="settle-payers"
              dataSource={payers}
              columns={[
                {
                  title: t('settle.payer'),
                  dataIndex: 'payer',
                  render: (payer: string) => <span data-payer={payer}>{payerName(payer)}</span>,
                },
                { title: t('settle.amount'), dataIndex: 'amount', align: 'right', render: money },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('settle.fundTotal')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{money(b.fundTotal)}</Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settle.noPayers')} />
          )}
        </Col>
        {b.accountPayments.length > 0 ? (
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('settle.accountPayments')}</Typography.Title>
            <Table
              rowKey="owner"
              size="small"
              pagination={false}
              dataSource={b.accountPayments}
              columns={[
                {
                  title: t('settle.accountOwner'),
                  dataIndex: 'owner',
                  render: (owner: string) => ownerName(owner),
                },
                { title: t('settle.amount'), dataIndex: 'amount', align: 'right', render: money },
              ]}
            />
          </Col>
        ) : null}
      </Row>
      <Tabs
        size="small"
        items={[
          {
            key: 'steps',
            label: `${t('settle.steps')} (${b.steps.length})`,
            children: <BreakdownSteps steps={b.steps} />,
          },
          {
            key: 'lines',
            label: `${t('settle.lineSplit')} (${b.lines.length})`,
            children: <BreakdownLines lines={b.lines} lineNames={lineNames} />,
          },
        ]}
      />
    </div>
  );
}
