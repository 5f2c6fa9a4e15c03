import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import type { Role } from './api/types';
import { useAuth } from './auth/auth-context';
import { FullPageSpin, RequireRole } from './auth/require-role';
import { AGENCY_ROLES, homePathOf } from './auth/roles';

// Every page is its own chunk; the login page does not pull in the portals.
const LoginPage = lazy(() => import('./pages/login/login-page'));
const PortalLayout = lazy(() => import('./layouts/portal-layout'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

const HallHomePage = lazy(() => import('./pages/hall/hall-home-page'));
const HallEnrolmentsPage = lazy(() => import('./pages/hall/hall-enrolments-page'));
const HallFamilyPage = lazy(() => import('./pages/hall/hall-family-page'));
const MySettlementsPage = lazy(() => import('./pages/hall/my-settlements-page'));
const HallEVoucherPage = lazy(() => import('./pages/hall/hall-evoucher-page'));
const HallProxyCodesPage = lazy(() => import('./pages/hall/hall-proxy-codes-page'));
const MyPaymentsPage = lazy(() => import('./pages/hall/my-payments-page'));
const MyCreditPage = lazy(() => import('./pages/hall/my-credit-page'));

const MyInstitutionPage = lazy(() => import('./pages/institution/my-institution-page'));
const CataloguePage = lazy(() => import('./pages/catalogue/catalogue-page'));
const SettlementConsolePage = lazy(() => import('./pages/institution/settlement-console-page'));
const InstitutionSettlementsPage = lazy(() => import('./pages/institution/institution-settlements-page'));
const TerminalsPage = lazy(() => import('./pages/institution/terminals-page'));

const MyEmployerPage = lazy(() => import('./pages/employer/my-employer-page'));
const EmployerEmployeesPage = lazy(() => import('./pages/employer/employer-employees-page'));

const PersonListPage = lazy(() => import('./pages/agency/person-list-page'));
const PersonDetailPage = lazy(() => import('./pages/agency/person-detail-page'));
const EmployerListPage = lazy(() => import('./pages/agency/employer-list-page'));
const EmployerDetailPage = lazy(() => import('./pages/agency/employer-detail-page'));
const InstitutionListPage = lazy(() => import('./pages/agency/institution-list-page'));
const InstitutionDetailPage = lazy(() => import('./pages/agency/institution-detail-page'));
const RegionsPage = lazy(() => import('./pages/agency/regions-page'));
const SettlementListPage = lazy(() => import('./pages/agency/settlement-list-page'));
const UsersPage = lazy(() => import('./pages/admin/users-page'));
const AccessLogPage = lazy(() => import('./pages/admin/access-log-page'));

function Page({ children }: { readonly children: ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

function Portal({ roles }: { readonly roles: readonly Role[] }) {
  return (
    <RequireRole roles={roles}>
      <Page>
        <PortalLayout />
      </Page>
    </RequireRole>
  );
}

/** `/` goes to the signed-in user's portal, or to the login page. */
function RootRedirect() {
  const { user } = useAuth();
  if (user === undefined) return <FullPageSpin />;
  return <Navigate to={user ? homePathOf(user.role) : '/login'} replace />;
}

export const router = createBrowserRouter([
  { path: '/', element: <RootRedirect /> },
  {
    path: '/login',
    element: (
      <Page>
        <LoginPage />
      </Page>
    ),
  },
  {
    path: '/hall',
    element: <Portal roles={['insured']} />,
    children: [
      { index: true, element: <HallHomePage /> },
      { path: 'enrolments', element: <HallEnrolmentsPage /> },
      { path: 'family', element: <HallFamilyPage /> },
      { path: 'settlements', element: <MySettlementsPage /> },
      { path: 'e-voucher', element: <HallEVoucherPage /> },
      { path: 'proxy-codes', element: <HallProxyCodesPage /> },
      { path: 'payments', element: <MyPaymentsPage /> },
      { path: 'credit', element: <MyCreditPage /> },
    ],
  },
  {
    path: '/institution',
    element: <Portal roles={['institution_operator']} />,
    children: [
      { index: true, element: <MyInstitutionPage /> },
      { path: 'settle', element: <SettlementConsolePage /> },
      { path: 'settlements', element: <InstitutionSettlementsPage /> },
      { path: 'catalogue', element: <CataloguePage /> },
      { path: 'terminals', element: <TerminalsPage /> },
    ],
  },
  {
    path: '/employer',
    element: <Portal roles={['employer_clerk']} />,
    children: [
      { index: true, element: <MyEmployerPage /> },
      { path: 'employees', element: <EmployerEmployeesPage /> },
    ],
  },
  {
    path: '/agency',
    element: <Portal roles={AGENCY_ROLES} />,
    children: [
      { index: true, element: <Navigate to="/agency/persons" replace /> },
      { path: 'persons', element: <PersonListPage /> },
      { path: 'persons/:id', element: <PersonDetailPage /> },
      { path: 'employers', element: <EmployerListPage /> },
      { path: 'employers/:id', element: <EmployerDetailPage /> },
      { path: 'institutions', element: <InstitutionListPage /> },
      { path: 'institutions/:id', element: <InstitutionDetailPage /> },
      { path: 'catalogue', element: <CataloguePage /> },
      { path: 'regions', element: <RegionsPage /> },
      { path: 'settlements', element: <SettlementListPage /> },
      {
        path: 'users',
        element: (
          <RequireRole roles={['admin']}>
            <UsersPage />
          </RequireRole>
        ),
      },
      {
        path: 'access-log',
        element: (
          <RequireRole roles={['admin']}>
            <AccessLogPage />
          </RequireRole>
        ),
      },
    ],
  },
  {
    path: '*',
    element: (
      <Page>
        <NotFoundPage />
      </Page>
    ),
  },
]);
