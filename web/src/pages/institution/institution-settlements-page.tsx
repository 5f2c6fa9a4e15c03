import { Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listSettlements } from '../../api/settlements';
import { SETTLEMENT_STATUSES, type Settlement, type SettlementStatus } from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canReverseSettlement } from '../../auth/roles';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { SettlementDrawer } from '../../components/settlement-detail';
import { SettlementsTable } from '../../components/settlements-table';
import { usePagedList } from '../../hooks/use-paged-list';

/** 结算记录: this institution's settlements (the server limits the list to it), with detail and reversal. */
export default function InstitutionSettlementsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [open, setOpen] = useState<number | undefined>(undefined);
  const list = usePagedList<Settlement>((filters, page, signal) =>
    listSettlements(
      {
        institutionId: user.institutionId ?? undefined,
        status: filters.status as SettlementStatus | undefined,
        ...page,
      },
      signal,
    ),
  );
  return (
    <div className="yb-stack">
      <FilterBar filters={list.filters} onChange={list.setFilters}>
        <Form.Item name="status" label={t('settle.status')}>
          <EnumSelect ns="settlementStatus" values={SETTLEMENT_STATUSES} style={{ width: 130 }} />
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        <SettlementsTable list={list} onOpen={(s) => setOpen(s.id)} testId="settlement-records" />
      </div>
      <SettlementDrawer
        settlementId={open}
        mayReverse={canReverseSettlement(user.role)}
        onClose={() => setOpen(undefined)}
        onChanged={list.reload}
      />
    </div>
  );
}
