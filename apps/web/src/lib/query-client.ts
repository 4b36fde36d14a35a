import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will answer the same again; retry only network trouble and 5xx.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        // Ask even when the browser says it is offline: the service worker may answer from its cache
        // (the square read offline); a failure then shows the screen's offline state.
        networkMode: 'offlineFirst',
      },
      mutations: { retry: false },
    },
  });
}
