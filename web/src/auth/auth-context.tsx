import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { login as apiLogin, logout as apiLogout, fetchMe } from '../api/auth';
import { ApiError, onUnauthorized } from '../api/client';
import type { LoginRequest, User } from '../api/types';

export interface AuthState {
  /** undefined while the session is being checked, null when signed out */
  readonly user: User | null | undefined;
  /** true after the user signed out on purpose (as opposed to a session that expired) */
  readonly signedOut: boolean;
  readonly signIn: (credentials: LoginRequest) => Promise<User>;
  readonly signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Holds the signed-in user; checks the session cookie once on start and drops the user on any 401. */
export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (me) => setUser(me),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // 401 means no session; anything else (server down) also shows the login page with its error
        if (!(error instanceof ApiError) || error.status !== 401) console.warn('session check failed', error);
        setUser(null);
      },
    );
    const unsubscribe = onUnauthorized(() => setUser(null));
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, []);

  const signIn = useCallback(async (credentials: LoginRequest) => {
    const signedIn = await apiLogin(credentials);
    setSignedOut(false);
    setUser(signedIn);
    return signedIn;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } catch {
      // the server may have ended the session already; the user is signed out here either way
    }
    setSignedOut(true);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, signedOut, signIn, signOut }), [user, signedOut, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user, for pages behind a role guard. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
