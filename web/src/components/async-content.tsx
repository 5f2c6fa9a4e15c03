import { Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { AsyncState } from '../hooks/use-async';
import { useErrorText } from '../hooks/use-error-text';

/** A failed load, with the API message in the current language and a retry button. */
export function ErrorResult({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={status === 403 ? t('common.forbidden') : t('errors.loadFailed')}
      subTitle={errorText(error)}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Shows a skeleton while loading, the error when failed, else renders the data. */
export function AsyncContent<T>({
  state,
  children,
}: {
  readonly state: AsyncState<T>;
  readonly children: (data: T) => ReactNode;
}) {
  if (state.error !== undefined) return <ErrorResult error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Skeleton active paragraph={{ rows: 6 }} />;
  return <>{children(state.data)}</>;
}
