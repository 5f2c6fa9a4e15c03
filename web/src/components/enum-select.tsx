import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

export interface EnumSelectProps {
  /** i18n namespace of the labels, e.g. 'category' */
  readonly ns: string;
  readonly values: readonly string[];
  readonly value?: string;
  readonly onChange?: (value: string | undefined) => void;
  readonly allowClear?: boolean;
  readonly style?: CSSProperties;
  readonly placeholder?: string;
  /** data-testid of the select */
  readonly testId?: string;
}

/** A Select over a closed set of codes, labelled through i18n. */
export function EnumSelect({
  ns,
  values,
  value,
  onChange,
  allowClear = true,
  style,
  placeholder,
  testId,
}: EnumSelectProps) {
  const { t } = useTranslation();
  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={(next) => onChange?.(next)}
      allowClear={allowClear}
      placeholder={placeholder ?? t('common.selectPlaceholder')}
      style={{ minWidth: 160, ...style }}
      popupMatchSelectWidth={false}
      options={values.map((v) => ({ value: v, label: t(`${ns}.${v}`) }))}
    />
  );
}
