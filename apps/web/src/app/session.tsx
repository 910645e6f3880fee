/** The signed-in user, loaded from /api/auth/session; sign-in and sign-out. */
import type { CurrentUser, SessionResponse } from '@renkei/contracts';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate } from 'react-router';
import { api, ApiError, setCsrfToken } from './api.js';

interface SessionValue {
  user: CurrentUser | undefined;
  isLoading: boolean;
  signIn: (username: string, password: string, totpCode?: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | undefined>();
  const [isLoading, setIsLoading] = useState(true);

  const accept = (session: SessionResponse) => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
  };

  const refresh = useCallback(async () => {
    try {
      accept(await api<SessionResponse>('GET', '/api/auth/session'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      setUser(undefined);
    } finally {
      setIsLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(async (username: string, password: string, totpCode?: string) => {
    accept(
      await api<SessionResponse>('POST', '/api/auth/login', { username, password, ...(totpCode ? { totpCode } : {}) }),
    );
  }, []);

  const signOut = useCallback(async () => {
    await api('POST', '/api/auth/logout');
    setUser(undefined);
  }, []);

  return (
    <SessionContext.Provider value={{ user, isLoading, signIn, signOut, refresh }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Its children for system administrators; anyone else goes to the home page (the page does not exist for them). */
export function RequireSystemAdmin({ children }: { children: ReactNode }) {
  const { user } = useSession();
  return user?.isSystemAdmin ? children : <Navigate to="/" replace />;
}
