import { Select, Spin } from 'antd';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listEmployers } from '../api/employers';
import { listInstitutions } from '../api/institutions';
import { listPersons } from '../api/persons';

interface Option {
  readonly value: number;
  readonly label: string;
}

interface RemoteSelectProps {
  /** a string when the value comes from a list filter in the URL */
  readonly value?: number | string;
  readonly onChange?: (value: number | undefined) => void;
  /** label for the current value before any search */
  readonly initialLabel?: string;
  readonly placeholder?: string;
  readonly style?: CSSProperties;
  readonly search: (q: string, signal: AbortSignal) => Promise<readonly Option[]>;
}

/** A Select that searches the server as the user types (debounced). */
function RemoteSelect({
  value: rawValue,
  onChange,
  initialLabel,
  placeholder,
  style,
  search,
}: RemoteSelectProps) {
  const value = rawValue === undefined || rawValue === '' ? undefined : Number(rawValue);
  const [options, setOptions] = useState<readonly Option[]>(
    value !== undefined && initialLabel ? [{ value, label: initialLabel }] : [],
  );
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    if (!query.trim()) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      searchRef.current(query.trim(), controller.signal).then(
        (found) => {
          setOptions(found);
          setLoading(false);
        },
        () => setLoading(false),
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value}
      onChange={(next) => onChange?.(next)}
      allowClear
      placeholder={placeholder}
      style={style}
      notFoundContent={loading ? <Spin size="small" /> : null}
      options={options as Option[]}
    />
  );
}

export function EmployerSelect(props: Omit<RemoteSelectProps, 'search' | 'placeholder'>) {
  const { t } = useTranslation();
  return (
    <RemoteSelect
      {...props}
      placeholder={t('employer.searchPlaceholder')}
      search={async (q, signal) =>
        (await listEmployers({ q, pageSize: 20 }, signal)).items.map((e) => ({
          value: e.id,
          label: `${e.name}（${e.uscc}）`,
        }))
      }
    />
  );
}

export function PersonSelect(props: Omit<RemoteSelectProps, 'search' | 'placeholder'>) {
  const { t } = useTranslation();
  return (
    <RemoteSelect
      {...props}
      placeholder={t('relative.relativeSearch')}
      search={async (q, signal) =>
        (await listPersons({ q, pageSize: 20 }, signal)).items.map((p) => ({
          value: p.id,
          label: `${p.name}  ${p.psnNo}  ${p.certnoMasked}`,
        }))
      }
    />
  );
}

export function InstitutionSelect(props: Omit<RemoteSelectProps, 'search' | 'placeholder'>) {
  const { t } = useTranslation();
  return (
    <RemoteSelect
      {...props}
      placeholder={t('institution.searchPlaceholder')}
      search={async (q, signal) =>
        (await listInstitutions({ q, pageSize: 20 }, signal)).items.map((i) => ({
          value: i.id,
          label: `${i.name}（${i.code}）`,
        }))
      }
    />
  );
}
