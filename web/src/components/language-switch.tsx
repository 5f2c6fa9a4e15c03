import { Segmented } from 'antd';
import { useLanguage } from '../hooks/use-language';
import { changeLanguage, type Language } from '../i18n';

/** 中文 / EN switch; the choice is kept in localStorage. */
export function LanguageSwitch({ dark = false }: { readonly dark?: boolean }) {
  const language = useLanguage();
  return (
    <Segmented<Language>
      size="small"
      data-testid="language-switch"
      className={dark ? 'yb-lang-dark' : undefined}
      value={language}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
      onChange={(value) => void changeLanguage(value)}
    />
  );
}
