import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { listPersons } from '../api/persons';
import type { InsuranceType, PersonCategory, PersonSummary } from '../api/types';
import { PERSON_CATEGORIES } from '../api/types';
import { usePagedList } from '../hooks/use-paged-list';
import { EnumSelect } from './enum-select';
import { FilterBar } from './filter-bar';
import { PersonsTable } from './persons-table';

/** The persons employed by one employer (GET /persons?employerId=…), with a small filter. */
export function EmployeesList({
  employerId,
  syncUrl = false,
  personLink,
}: {
  readonly employerId: number;
  readonly syncUrl?: boolean;
  readonly personLink?: (personId: number) => string;
}) {
  const { t } = useTranslation();
  const list = usePagedList<PersonSummary>(
    (filters, page, signal) =>
      listPersons(
        {
          employerId,
          q: filters.q,
          insuranceType: filters.insuranceType as InsuranceType | undefined,
          category: filters.category as PersonCategory | undefined,
          ...page,
        },
        signal,
      ),
    { syncUrl },
  );
  return (
    <div className="yb-stack">
      <FilterBar filters={list.filters} onChange={list.setFilters}>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear placeholder={t('person.searchPlaceholder')} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="category" label={t('person.category')}>
          <EnumSelect ns="category" values={PERSON_CATEGORIES} />
        </Form.Item>
      </FilterBar>
      <PersonsTable list={list} personLink={personLink} />
    </div>
  );
}
