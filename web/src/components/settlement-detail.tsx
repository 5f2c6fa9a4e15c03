import { FilePdfOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getSettlement, getVisit, reverseSettlement, settlementSlipUrl } from '../api/settlements';
import type { Settlement, Visit } from '../api/types';
import { formatDateTime } from '../format/datetime';
import { useAsync } from '../hooks/use-async';
import { useLanguage } from '../hooks/use-language';
import { regionCodeLabel } from '../regions/pooling-regions';
import { AsyncContent } from './async-content';
import { FormModal } from './form-modal';
import { BreakdownView } from './settlement-breakdown';
import { SettlementStatusTag } from './tags';

/** 下载结算单: a same-origin link to the PDF slip (the session cookie goes along). */
export function SlipButton({ settlement }: { readonly settlement: Settlement }) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<FilePdfOutlined />}
      href={settlementSlipUrl(settlement.id)}
      target="_blank"
      rel="noopener"
      data-testid="settle-slip"
    >
      {t('settle.slip')}
    </Button>
  );
}

/** 结算撤销 (POST /settlements/:id/reverse {reason}). */
export function SettlementReverseModal({
  settlement,
  onClose,
  onReversed,
}: {
  readonly settlement: Settlement;
  readonly onClose: () => void;
  readonly onReversed: (reversed: Settlement) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string }>
      open
      title={t('settle.reverseTitle', { setlNo: settlement.setlNo })}
      onClose={onClose}
      width={480}
      okText={t('settle.reverseConfirm')}
      testId="settle-reverse-form"
      okTestId="settle-reverse-submit"
      onSubmit={async (values) => {
        onReversed(await reverseSettlement(settlement.id, values.reason.trim()));
      }}
    >
      <Alert type="warning" showIcon title={t('settle.reverseHint')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="reason"
        label={t('settle.reverseReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('settle.reverseReason') }),
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="settle-reverse-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** The settlement's header facts: number, status, who and when, regions, policy, reversal. */
export function SettlementDescriptions({
  settlement,
  visit,
  showParties = true,
}: {
  readonly settlement: Settlement;
  readonly visit?: Visit;
  /** show the person and institution ids (staff views) */
  readonly showParties?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const s = settlement;
  const items = [
    {
      key: 'setlNo',
      label: t('settle.setlNo'),
      children: <span className="yb-mono">{s.setlNo}</span>,
    },
    { key: 'status', label: t('settle.status'), children: <SettlementStatusTag status={s.status} /> },
    { key: 'settledAt', label: t('settle.settledAt'), children: formatDateTime(s.settledAt) },
    { key: 'settledBy', label: t('settle.settledBy'), children: s.settledBy },
    ...(visit
      ? [
          {
            key: 'medType',
            label: t('settle.medType'),
            children: t(`medType.${visit.medType}`, { defaultValue: visit.medType }),
          },
          {
            key: 'period',
            label: t('settle.period'),
            children: visit.endDate ? `${visit.beginDate} ~ ${visit.endDate}` : visit.beginDate,
          },
          ...(visit.diagnosisCode || visit.diagnosisName
            ? [
                {
                  key: 'diagnosis',
                  label: t('settle.diagnosis'),
                  children: [visit.diagnosisCode, visit.diagnosisName].filter(Boolean).join(' '),
                },
              ]
            : []),
        ]
      : []),
    { key: 'visitId', label: t('settle.visitId'), children: s.visitId },
    ...(showParties
      ? [
          { key: 'personId', label: t('settle.personId'), children: s.personId },
          { key: 'institutionId', label: t('settle.institutionId'), children: s.institutionId },
        ]
      : []),
    { key: 'careRegion', label: t('settle.careRegion'), children: regionCodeLabel(s.regionCode, language) },
    {
      key: 'insuredRegion',
      label: t('settle.insuredRegion'),
      children: regionCodeLabel(s.insuredRegionCode, language),
    },
    {
      key: 'clearing',
      label: t('settle.clearingStatus'),
      children: t(`clearingStatus.${s.clearingStatus}`, { defaultValue: s.clearingStatus }),
    },
    { key: 'policy', label: t('settle.policyId'), children: <span className="yb-mono">{s.policyId}</span> },
    ...(s.status === 'reversed'
      ? [
          { key: 'reversedAt', label: t('settle.reversedAt'), children: formatDateTime(s.reversedAt) },
          { key: 'reversedBy', label: t('settle.reversedBy'), children: s.reversedBy ?? '' },
          {
            key: 'reverseReason',
            label: t('settle.reverseReason'),
            children: s.reverseReason ?? '',
            span: 2,
          },
        ]
      : []),
  ];
  return <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} items={items} />;
}

/**
 * One settlement: facts, slip link, optional reversal, and the breakdown with its explanation. The
 * visit is loaded for the medical type, dates and line names; when it cannot be read the view does
 * without.
 */
export function SettlementDetail({
  settlement,
  mayReverse,
  showParties = true,
  onReversed,
}: {
  readonly settlement: Settlement;
  readonly mayReverse: boolean;
  readonly showParties?: boolean;
  readonly onReversed?: (reversed: Settlement) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reversing, setReversing] = useState(false);
  const visit = useAsync(
    (signal) => getVisit(settlement.visitId, signal),
    `${settlement.visitId}:${settlement.status}`,
  );
  const lineNames = visit.data ? new Map(visit.data.lines.map((l) => [l.lineNo, l.name])) : undefined;

  return (
    <div className="yb-stack" data-testid="settlement-detail">
      <Space wrap>
        <SlipButton settlement={settlement} />
        {mayReverse && settlement.status === 'settled' ? (
          <Button
            danger
            icon={<RollbackOutlined />}
            onClick={() => setReversing(true)}
            data-testid="settle-reverse"
          >
            {t('settle.reverse')}
          </Button>
        ) : null}
      </Space>
      <SettlementDescriptions settlement={settlement} visit={visit.data} showParties={showParties} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('settle.breakdown')}
      </Typography.Title>
      <BreakdownView breakdown={settlement.breakdown} lineNames={lineNames} />
      {reversing ? (
        <SettlementReverseModal
          settlement={settlement}
          onClose={() => setReversing(false)}
          onReversed={(reversed) => {
            setReversing(false);
            void message.success(t('common.operationSucceeded'));
            onReversed?.(reversed);
          }}
        />
      ) : null}
    </div>
  );
}

/** A drawer loading one settlement by id (GET /settlements/:id). */
export function SettlementDrawer({
  settlementId,
  mayReverse,
  showParties = true,
  onClose,
  onChanged,
}: {
  readonly settlementId: number | undefined;
  readonly mayReverse: boolean;
  readonly showParties?: boolean;
  readonly onClose: () => void;
  /** after a reversal, so the list reloads */
  readonly onChanged?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={settlementId !== undefined}
      onClose={onClose}
      size={960}
      title={t('settle.detail')}
      destroyOnHidden
    >
      {settlementId !== undefined ? (
        <SettlementDrawerBody
          settlementId={settlementId}
          mayReverse={mayReverse}
          showParties={showParties}
          onChanged={onChanged}
        />
      ) : null}
    </Drawer>
  );
}

function SettlementDrawerBody({
  settlementId,
  mayReverse,
  showParties,
  onChanged,
}: {
  readonly settlementId: number;
  readonly mayReverse: boolean;
  readonly showParties: boolean;
  readonly onChanged?: () => void;
}) {
  const state = useAsync((signal) => getSettlement(settlementId, signal), String(settlementId));
  return (
    <AsyncContent state={state}>
      {(settlement) => (
        <SettlementDetail
          settlement={settlement}
          mayReverse={mayReverse}
          showParties={showParties}
          onReversed={() => {
            state.reload();
            onChanged?.();
          }}
        />
      )}
    </AsyncContent>
  );
}
