import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { useAuth } from './auth-context';
import { homePathOf } from './roles';

/** Renders children for the given roles; sends others to the login page or their own home. */
export function RequireRole({
  roles,
  children,
}: {
  readonly roles: readonly Role[];
  readonly children: ReactNode;
}) {
  const { user, signedOut } = useAuth();
  const location = useLocation();
  if (user === undefined) return <FullPageSpin />;
  if (user === null) {
    if (signedOut) return <Navigate to="/login" replace />;
    // the session expired or was never there: come back here after signing in
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!roles.includes(user.role)) return <Navigate to={homePathOf(user.role)} replace />;
  return <>{children}</>;
}

export function FullPageSpin() {
  return (
    <div style={{ display: 'flex', minHeight: '100vh', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}
