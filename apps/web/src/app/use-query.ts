/** Loads a GET endpoint through TanStack Query, with loading/error state and a reload function (optionally polled). */
import { useQuery as useTanstackQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from './api.js';

export function useQuery<T>(
  url: string | undefined,
  /** Polling: a fixed period, or one decided from the latest data (false: stop polling). */
  options: { refreshMs?: number | ((data: T | undefined) => number | false) } = {},
): {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => Promise<void>;
} {
  const query = useTanstackQuery({
    queryKey: ['GET', url],
    queryFn: () => api<T>('GET', url!),
    enabled: url !== undefined,
    // Live views (survey results in class) poll; everything else loads once.
    ...(options.refreshMs
      ? {
          refetchInterval:
            typeof options.refreshMs === 'number'
              ? options.refreshMs
              : (query: { state: { data: T | undefined } }) =>
                  (options.refreshMs as (data: T | undefined) => number | false)(query.state.data),
        }
      : {}),
  });
  const { refetch } = query;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return { data: query.data, error: query.error ?? undefined, isLoading: query.isLoading, reload };
}
