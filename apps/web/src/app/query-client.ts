/**
 * Server state: TanStack Query. Problems from the API are answers, not network hiccups, so they
 * are not retried (a 404 shows at once); a page's data is fetched again when it is opened.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => error instanceof ApiError && error.code === 'NETWORK' && failures < 2,
        refetchOnWindowFocus: false,
        staleTime: 0,
      },
    },
  });
}
