import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** loads again with the same key */
  readonly reload: () => void;
}

interface Snapshot<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
}

/**
 * Runs `load` whenever `key` changes (or on `reload`), aborting the previous run. The last data is
 * kept while reloading so tables do not flicker between pages.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): AsyncState<T> {
  const [snapshot, setSnapshot] = useState<Snapshot<T>>({ data: undefined, error: undefined, loading: true });
  const [version, setVersion] = useState(0);
  const run = useEffectEvent((signal: AbortSignal) => load(signal));

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `version` are the triggers; `run` always sees the latest `load`
  useEffect(() => {
    const controller = new AbortController();
    setSnapshot((previous) => ({ data: previous.data, error: undefined, loading: true }));
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSnapshot({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSnapshot({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...snapshot, reload };
}
