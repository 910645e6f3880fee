/** Loads a GET endpoint, with loading/error state and a reload function. */
import { useCallback, useEffect, useState } from 'react';
import { api } from './api.js';

export function useQuery<T>(url: string | undefined): {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => Promise<void>;
} {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [isLoading, setIsLoading] = useState(url !== undefined);
  const reload = useCallback(async () => {
    if (!url) return;
    setIsLoading(true);
    try {
      setData(await api<T>('GET', url));
      setError(undefined);
    } catch (caught) {
      setError(caught);
    } finally {
      setIsLoading(false);
    }
  }, [url]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, isLoading, reload };
}
