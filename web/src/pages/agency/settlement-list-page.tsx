import { Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listSettlements } from '../../api/settlements';
import { SETTLEMENT_STATUSES, type Settlement, type SettlementStatus } from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canReverseSettlement } from '../../auth/roles';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { InstitutionSelect, PersonSelect } from '../../components/remote-select';
import { SettlementDrawer } from '../../components/settlement-detail';
import { SettlementsTable } from '../../components/settlements-table';
import { numberFilter, usePagedList } from '../../hooks/use-paged-list';

/** 结算查询: settlements in the user's regions by person, institution and status; clerks may reverse. */
export default function SettlementListPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [open, setOpen] = useState<number | undefined>(undefined);
  const list = usePagedList<Settlement>((filters, page, signal) =>
    listSettlements(
      {
        personId: numberFilter(filters, 'personId'),
        institutionId: numberFilter(filters, 'institutionId'),
        status: filters.status as SettlementStatus | undefined,
        ...page,
      },
      signal,
    ),
  );
  return (
    <div className="yb-stack">
      <FilterBar filters={list.filters} onChange={list.setFilters}>
        <Form.Item name="personId" label={t('settle.filterPerson')}>
          <PersonSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="institutionId" label={t('settle.filterInstitution')}>
          <InstitutionSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="status" label={t('settle.status')}>
          <EnumSelect ns="settlementStatus" values={SETTLEMENT_STATUSES} style={{ width: 130 }} />
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        <SettlementsTable list={list} onOpen={(s) => setOpen(s.id)} testId="settlement-list" />
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
