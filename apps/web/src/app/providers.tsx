/** Everything a page needs around it: the component library's theme, server state, the session. */
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createQueryClient } from './query-client.js';
import { SessionProvider } from './session.js';
import { theme } from './theme.js';

export function AppProviders({ children, withSession = true }: { children: ReactNode; withSession?: boolean }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        {withSession ? <SessionProvider>{children}</SessionProvider> : children}
      </QueryClientProvider>
    </MantineProvider>
  );
}
