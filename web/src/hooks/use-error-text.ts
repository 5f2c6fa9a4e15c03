import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Language } from '../i18n';

/** Returns a function giving the message of any error in the current UI language. */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'zh';
  return useCallback(
    (error: unknown) => (error instanceof ApiError ? error.messageIn(language) : t('common.unknownError')),
    [language, t],
  );
}
