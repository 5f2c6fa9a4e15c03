import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { listPersons } from '../../api/persons';
import {
  INSURANCE_TYPES,
  type InsuranceType,
  PERSON_CATEGORIES,
  type PersonCategory,
  type PersonSummary,
} from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canEditRegistry } from '../../auth/roles';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { PersonsTable } from '../../components/persons-table';
import { RegionTreeSelect } from '../../components/region-tree-select';
import { booleanFilter, usePagedList } from '../../hooks/use-paged-list';
import { PersonFormModal } from './forms/person-form-modal';

export const personPath = (id: number) => `/agency/persons/${id}`;

/** 参保人员查询: search by name, person number or ID number, filter by region, insurance and category. */
export default function PersonListPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = usePagedList<PersonSummary>((filters, page, signal) =>
    listPersons(
      {
        q: filters.q,
        regionCode: filters.regionCode,
        insuranceType: filters.insuranceType as InsuranceType | undefined,
        category: filters.category as PersonCategory | undefined,
        chronic: booleanFilter(filters, 'chronic'),
        ...page,
      },
      signal,
    ),
  );

  return (
    <div className="yb-stack">
      <FilterBar
        filters={list.filters}
        onChange={list.setFilters}
        booleanFields={['chronic']}
        extra={
          canEditRegistry(user.role) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('person.create')}
            </Button>
          ) : undefined
        }
      >
        <Form.Item name="q" label={t('common.keyword')}>
          <Input
            allowClear
            placeholder={t('person.searchPlaceholder')}
            style={{ width: 240 }}
            data-testid="person-search"
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('person.region')}>
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item name="insuranceType" label={t('enrolment.insuranceType')}>
          <EnumSelect ns="insuranceType" values={INSURANCE_TYPES} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="category" label={t('person.category')}>
          <EnumSelect ns="category" values={PERSON_CATEGORIES} />
        </Form.Item>
        <Form.Item name="chronic" valuePropName="checked">
          <Checkbox>{t('person.chronicOnly')}</Checkbox>
        </Form.Item>
      </FilterBar>
      <div className="yb-table-card">
        <PersonsTable list={list} personLink={personPath} />
      </div>
      {creating ? (
        <PersonFormModal
          open
          onClose={() => setCreating(false)}
          onSaved={(person) => {
            setCreating(false);
            navigate(personPath(person.id));
          }}
        />
      ) : null}
    </div>
  );
}
