import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListFilters } from '../hooks/use-paged-list';

export interface FilterBarProps {
  readonly filters: ListFilters;
  readonly onChange: (filters: ListFilters) => void;
  /** fields holding a DatePicker (kept as yyyy-mm-dd) */
  readonly dateFields?: readonly string[];
  /** fields holding a Checkbox/Switch (kept as 'true' or absent) */
  readonly booleanFields?: readonly string[];
  /** Form.Items */
  readonly children: ReactNode;
  /** buttons shown at the right, e.g. "new" */
  readonly extra?: ReactNode;
}

function toFormValues(filters: ListFilters, dateFields: readonly string[], booleanFields: readonly string[]) {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (dateFields.includes(key)) values[key] = dayjs(value).isValid() ? dayjs(value) : undefined;
    else if (booleanFields.includes(key)) values[key] = value === 'true';
    else values[key] = value;
  }
  return values;
}

function toFilters(values: Record<string, unknown>): ListFilters {
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (dayjs.isDayjs(value)) filters[key] = (value as Dayjs).format('YYYY-MM-DD');
    else if (typeof value === 'string') filters[key] = value.trim();
    else if (typeof value === 'number' || typeof value === 'boolean') filters[key] = String(value);
  }
  return filters;
}

/** The query form above a list: inline fields, 查询 and 重置. Submitting goes back to page 1. */
export function FilterBar({
  filters,
  onChange,
  dateFields = [],
  booleanFields = [],
  children,
  extra,
}: FilterBarProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Card className="yb-filter-bar" size="small">
      <div className="yb-filter-row">
        <Form
          // a new form when the filters change from outside (Back, links), so fields show the URL state
          key={JSON.stringify(filters)}
          form={form}
          layout="inline"
          initialValues={toFormValues(filters, dateFields, booleanFields)}
          onFinish={(values: Record<string, unknown>) => onChange(toFilters(values))}
          className="yb-filter-form"
        >
          {children}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={() => onChange({})}>
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {extra ? <div className="yb-filter-extra">{extra}</div> : null}
      </div>
    </Card>
  );
}
