import { Alert, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listMySettlements } from '../../api/settlements';
import type { Settlement } from '../../api/types';
import { SettlementDrawer } from '../../components/settlement-detail';
import { SettlementsTable } from '../../components/settlements-table';
import { usePagedList } from '../../hooks/use-paged-list';

/** 我的结算: the insured person's settlements, each with its breakdown, explanation and slip. */
export default function MySettlementsPage() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | undefined>(undefined);
  const list = usePagedList<Settlement>((_filters, page, signal) => listMySettlements(page, signal));
  return (
    <div className="yb-stack">
      <Alert type="info" showIcon title={t('settle.myHint')} />
      <Card title={t('menu.mySettlements')}>
        <SettlementsTable
          list={list}
          showParties={false}
          onOpen={(s) => setOpen(s.id)}
          testId="my-settlements"
        />
      </Card>
      <SettlementDrawer
        settlementId={open}
        mayReverse={false}
        showParties={false}
        onClose={() => setOpen(undefined)}
      />
    </div>
  );
}
