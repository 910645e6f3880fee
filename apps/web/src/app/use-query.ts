/** Loads a GET endpoint through TanStack Query, with loading/error state and a reload function. */
import { useQuery as useTanstackQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from './api.js';

export function useQuery<T>(url: string | undefined): {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => Promise<void>;
} {
  const query = useTanstackQuery({
    queryKey: ['GET', url],
    queryFn: () => api<T>('GET', url!),
    enabled: url !== undefined,
  });
  const { refetch } = query;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return { data: query.data, error: query.error ?? undefined, isLoading: query.isLoading, reload };
}
