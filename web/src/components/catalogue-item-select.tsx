import { Select, Space, Spin, Tag, Typography } from 'antd';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listCatalogueItems } from '../api/catalogue';
import type { CatalogueItem, IsoDate } from '../api/types';
import { formatYuan } from '../format/money';
import { ItemClassTag } from './tags';

interface ItemOption {
  readonly value: string;
  readonly label: string;
  readonly item: CatalogueItem;
}

/**
 * A searchable Select over a pooling region's catalogue in force on a date (GET /catalogue/items),
 * showing name, specification, class and payment standard. The value is the item code; `onItem`
 * receives the chosen item so the caller can default the price.
 */
export function CatalogueItemSelect({
  regionCode,
  date,
  value,
  onChange,
  onItem,
  placeholder,
  testId,
  style,
}: {
  readonly regionCode: string;
  readonly date?: IsoDate;
  readonly value?: string;
  readonly onChange?: (code: string | undefined) => void;
  readonly onItem?: (item: CatalogueItem | undefined) => void;
  readonly placeholder?: string;
  readonly testId?: string;
  readonly style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<readonly CatalogueItem[]>([]);
  const [selected, setSelected] = useState<CatalogueItem | undefined>(undefined);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const q = query.trim();
    const timer = setTimeout(
      () => {
        setLoading(true);
        listCatalogueItems({ regionCode, date, q: q || undefined, pageSize: 30 }, controller.signal).then(
          (page) => {
            setItems(page.items);
            setLoading(false);
          },
          () => {
            if (!controller.signal.aborted) setLoading(false);
          },
        );
      },
      q ? 300 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [regionCode, date, query]);

  const options: ItemOption[] = useMemo(() => {
    const seen = new Set<string>();
    const list: ItemOption[] = [];
    for (const item of [...(selected && selected.code === value ? [selected] : []), ...items]) {
      if (seen.has(item.code)) continue;
      seen.add(item.code);
      list.push({
        value: item.code,
        label: [item.name, item.specification].filter(Boolean).join(' '),
        item,
      });
    }
    return list;
  }, [items, selected, value]);

  return (
    <Select<string, ItemOption>
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value}
      allowClear
      placeholder={placeholder}
      style={style}
      popupMatchSelectWidth={false}
      notFoundContent={loading ? <Spin size="small" /> : null}
      options={options}
      data-testid={testId}
      onChange={(code, option) => {
        const item = Array.isArray(option) ? undefined : option?.item;
        setSelected(item);
        onChange?.(code);
        onItem?.(item);
      }}
      optionRender={(option) => {
        const item = option.data.item;
        return (
          <div className="yb-item-option" data-code={item.code}>
            <div className="yb-item-option-main">
              <Space size={6} wrap>
                <Typography.Text strong>{item.name}</Typography.Text>
                <ItemClassTag itemClass={item.itemClass} />
                {item.negotiated ? <Tag color="red">{t('catalogue.negotiated')}</Tag> : null}
              </Space>
              <Typography.Text className="yb-num">{`¥${formatYuan(item.paymentStandard)}`}</Typography.Text>
            </div>
            <Typography.Text type="secondary" className="yb-small">
              {[
                item.code,
                [item.specification, item.dosageForm].filter(Boolean).join(' · '),
                item.unit && `${t('catalogue.unit')}: ${item.unit}`,
                `${t('settle.paymentStandard')} ${formatYuan(item.paymentStandard)}`,
              ]
                .filter(Boolean)
                .join(' ｜ ')}
            </Typography.Text>
          </div>
        );
      }}
    />
  );
}
