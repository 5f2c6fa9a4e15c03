import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogueExportUrl, listCatalogueItems, listCatalogueVersions } from '../../api/catalogue';
import {
  CATALOGUE_KINDS,
  type CatalogueItem,
  type CatalogueKind,
  ITEM_CLASSES,
  type ItemClass,
} from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { canImportCatalogue, portalOf } from '../../auth/roles';
import { ErrorResult } from '../../components/async-content';
import { EnumSelect } from '../../components/enum-select';
import { FilterBar } from '../../components/filter-bar';
import { ItemClassTag } from '../../components/tags';
import { formatYuan } from '../../format/money';
import { formatBasisPoints } from '../../format/ratio';
import { useAsync } from '../../hooks/use-async';
import { useLanguage } from '../../hooks/use-language';
import { booleanFilter, usePagedList } from '../../hooks/use-paged-list';
import { poolingRegionLabel, poolingRegionsFor } from '../../regions/pooling-regions';
import { CatalogueImportModal } from './catalogue-import-modal';
import { describeRestrictions } from './catalogue-restrictions';
import { CatalogueVersionsTable } from './catalogue-versions-table';

/**
 * 医保目录: the catalogue in force at a date in a pooling region, with filters, versions and export;
 * agency clerks and administrators can import a new version. Institutions see it read-only.
 */
export default function CataloguePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const regions = poolingRegionsFor(user.regionCodes);
  const defaultRegion = regions[0]?.code ?? '370300';
  const mayImport = portalOf(user.role) === 'agency' && canImportCatalogue(user.role);
  const [importing, setImporting] = useState(false);
  const [tab, setTab] = useState('items');

  const items = usePagedList<CatalogueItem>(
    (filters, page, signal) =>
      listCatalogueItems(
        {
          regionCode: filters.regionCode ?? defaultRegion,
          date: filters.date,
          kind: filters.kind as CatalogueKind | undefined,
          itemClass: filters.itemClass as ItemClass | undefined,
          q: filters.q,
          negotiated: booleanFilter(filters, 'negotiated'),
          dualChannel: booleanFilter(filters, 'dualChannel'),
          ...page,
        },
        signal,
      ),
    { defaults: { regionCode: defaultRegion } },
  );
  const regionCode = items.filters.regionCode ?? defaultRegion;

  const versions = useAsync((signal) => listCatalogueVersions(regionCode, signal), regionCode);

  const columns: ColumnsType<CatalogueItem> = [
    {
      title: t('catalogue.code'),
      dataIndex: 'code',
      width: 200,
      render: (code: string) => <span className="yb-mono yb-small">{code}</span>,
    },
    {
      title: t('catalogue.name'),
      dataIndex: 'name',
      width: 220,
      render: (name: string, item) => (
        <div>
          <div>
            <Typography.Text strong>{name}</Typography.Text>
          </div>
          <Space size={4} wrap>
            <Tag variant="filled">{t(`catalogueKind.${item.kind}`)}</Tag>
            {item.genericName && item.genericName !== name ? (
              <Typography.Text type="secondary" className="yb-small">
                {item.genericName}
              </Typography.Text>
            ) : null}
          </Space>
        </div>
      ),
    },
    {
      title: t('catalogue.specification'),
      key: 'specification',
      width: 220,
      render: (_, item) => (
        <div>
          <div>{[item.specification, item.dosageForm].filter(Boolean).join(' · ') || '—'}</div>
          <Typography.Text type="secondary" className="yb-small">
            {[item.unit && `${t('catalogue.unit')}: ${item.unit}`, item.manufacturer]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('catalogue.itemClass'),
      dataIndex: 'itemClass',
      width: 80,
      render: (c: ItemClass) => <ItemClassTag itemClass={c} />,
    },
    {
      title: t('catalogue.firstSelfPay'),
      dataIndex: 'firstSelfPayBp',
      width: 110,
      align: 'right',
      render: (bp: number | null) => (bp === null ? t('catalogue.policyDefault') : formatBasisPoints(bp)),
    },
    {
      title: t('catalogue.paymentStandard'),
      dataIndex: 'paymentStandard',
      width: 130,
      align: 'right',
      render: (fen: number) => <span className="yb-num">{formatYuan(fen)}</span>,
    },
    {
      title: t('catalogue.restrictions'),
      dataIndex: 'restrictions',
      width: 240,
      render: (r: CatalogueItem['restrictions']) => {
        const parts = describeRestrictions(r ?? {}, t);
        return parts.length > 0 ? (
          <div className="yb-small">
            {parts.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('catalogue.noRestriction')}</Typography.Text>
        );
      },
    },
    {
      title: t('catalogue.flags'),
      key: 'flags',
      width: 120,
      render: (_, item) => (
        <Space size={4} wrap>
          {item.negotiated ? <Tag color="red">{t('catalogue.negotiated')}</Tag> : null}
          {item.dualChannel ? <Tag color="geekblue">{t('catalogue.dualChannel')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('catalogue.validity'),
      key: 'validity',
      width: 200,
      render: (_, item) => (
        <div className="yb-small">
          <div className="yb-nowrap">{`${item.validFrom} ~ ${item.validTo ?? t('common.open')}`}</div>
          <Typography.Text type="secondary">{`${t('catalogue.versionNo')} ${item.versionNo}`}</Typography.Text>
        </div>
      ),
    },
  ];

  const exportButtons = (
    <Space wrap>
      <Button
        icon={<DownloadOutlined />}
        href={catalogueExportUrl(regionCode, items.filters.date, 'csv')}
        data-testid="catalogue-export-csv"
      >
        {t('catalogue.exportCsv')}
      </Button>
      <Button
        icon={<DownloadOutlined />}
        href={catalogueExportUrl(regionCode, items.filters.date, 'xlsx')}
        data-testid="catalogue-export-xlsx"
      >
        {t('catalogue.exportXlsx')}
      </Button>
      {mayImport ? (
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => setImporting(true)}
          data-testid="catalogue-import-open"
        >
          {t('catalogueImport.open')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <div className="yb-stack">
      {!mayImport && portalOf(user.role) !== 'agency' ? (
        <Alert type="info" showIcon title={t('catalogue.readOnlyHint')} />
      ) : null}
      <FilterBar
        filters={items.filters}
        onChange={(next) => items.setFilters({ regionCode, ...next })}
        dateFields={['date']}
        booleanFields={['negotiated', 'dualChannel']}
      >
        <Form.Item name="regionCode" label={t('catalogue.region')}>
          <Select
            style={{ width: 170 }}
            data-testid="catalogue-region"
            options={regions.map((r) => ({ value: r.code, label: poolingRegionLabel(r.code, language) }))}
          />
        </Form.Item>
        <Form.Item name="date" label={t('catalogue.date')} tooltip={t('catalogue.dateHint')}>
          <DatePicker style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="kind" label={t('catalogue.kind')}>
          <EnumSelect ns="catalogueKind" values={CATALOGUE_KINDS} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="itemClass" label={t('catalogue.itemClass')}>
          <EnumSelect ns="itemClass" values={ITEM_CLASSES} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input
            allowClear
            placeholder={t('catalogue.keyword')}
            style={{ width: 200 }}
            data-testid="catalogue-search"
          />
        </Form.Item>
        <Form.Item name="negotiated" valuePropName="checked">
          <Checkbox>{t('catalogue.negotiated')}</Checkbox>
        </Form.Item>
        <Form.Item name="dualChannel" valuePropName="checked">
          <Checkbox>{t('catalogue.dualChannel')}</Checkbox>
        </Form.Item>
      </FilterBar>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          tabBarExtraContent={exportButtons}
          items={[
            {
              key: 'items',
              label: `${t('catalogue.items')} · ${poolingRegionLabel(regionCode, language)}`,
              children:
                items.error !== undefined ? (
                  <ErrorResult error={items.error} onRetry={items.reload} />
                ) : (
                  <Table<CatalogueItem>
                    rowKey={(item) => `${item.code}:${item.versionNo}`}
                    size="middle"
                    columns={columns}
                    dataSource={items.data?.items as CatalogueItem[] | undefined}
                    loading={items.loading}
                    pagination={items.pagination}
                    scroll={{ x: 'max-content' }}
                    data-testid="catalogue-items"
                  />
                ),
            },
            {
              key: 'versions',
              label: t('catalogue.versions'),
              children: <CatalogueVersionsTable state={versions} />,
            },
          ]}
        />
      </Card>
      {importing ? (
        <CatalogueImportModal
          open
          defaultRegionCode={regionCode}
          onClose={() => setImporting(false)}
          onImported={() => {
            versions.reload();
            items.reload();
          }}
        />
      ) : null}
    </div>
  );
}
