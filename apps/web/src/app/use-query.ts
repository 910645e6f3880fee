/** Loads a GET endpoint through TanStack Query, with loading/error state and a reload function (optionally polled). */
import { useQuery as useTanstackQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from './api.js';

export function useQuery<T>(
  url: string | undefined,
  options: { refreshMs?: number } = {},
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
    ...(options.refreshMs ? { refetchInterval: options.refreshMs } : {}),
  });
  const { refetch } = query;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return { data: query.data, error: query.error ?? undefined, isLoading: query.isLoading, reload };
}
