import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CalculatorOutlined,
  ClusterOutlined,
  CreditCardOutlined,
  DesktopOutlined,
  HomeOutlined,
  IdcardOutlined,
  MedicineBoxOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../api/types';
import type { Portal } from '../auth/roles';

/** A side-menu entry: `path` is the route it opens; groups have children and no path. */
export interface PortalMenuItem {
  readonly key: string;
  /** i18n key of the label */
  readonly label: string;
  readonly icon?: ReactNode;
  readonly path?: string;
  readonly children?: readonly PortalMenuItem[];
}

/** The side menu of each portal; the admin sees the system group as well. */
export function portalMenu(portal: Portal, role: Role): readonly PortalMenuItem[] {
  switch (portal) {
    case 'hall':
      return [
        { key: '/hall', path: '/hall', label: 'menu.myInfo', icon: <HomeOutlined /> },
        {
          key: '/hall/enrolments',
          path: '/hall/enrolments',
          label: 'menu.myEnrolments',
          icon: <SafetyCertificateOutlined />,
        },
        { key: '/hall/e-voucher', path: '/hall/e-voucher', label: 'menu.eVoucher', icon: <QrcodeOutlined /> },
        {
          key: '/hall/proxy-codes',
          path: '/hall/proxy-codes',
          label: 'menu.proxyCodes',
          icon: <UsergroupAddOutlined />,
        },
        { key: '/hall/family', path: '/hall/family', label: 'menu.myFamily', icon: <TeamOutlined /> },
        {
          key: '/hall/settlements',
          path: '/hall/settlements',
          label: 'menu.mySettlements',
          icon: <AccountBookOutlined />,
        },
        { key: '/hall/payments', path: '/hall/payments', label: 'menu.myPayments', icon: <WalletOutlined /> },
        { key: '/hall/credit', path: '/hall/credit', label: 'menu.myCredit', icon: <CreditCardOutlined /> },
      ];
    case 'institution':
      return [
        {
          key: '/institution',
          path: '/institution',
          label: 'menu.myInstitution',
          icon: <MedicineBoxOutlined />,
        },
        {
          key: '/institution/settle',
          path: '/institution/settle',
          label: 'menu.settleConsole',
          icon: <CalculatorOutlined />,
        },
        {
          key: '/institution/settlements',
          path: '/institution/settlements',
          label: 'menu.settlementRecords',
          icon: <ProfileOutlined />,
        },
        {
          key: '/institution/catalogue',
          path: '/institution/catalogue',
          label: 'menu.catalogue',
          icon: <BookOutlined />,
        },
        {
          key: '/institution/terminals',
          path: '/institution/terminals',
          label: 'menu.terminals',
          icon: <DesktopOutlined />,
        },
      ];
    case 'employer':
      return [
        { key: '/employer', path: '/employer', label: 'menu.myEmployer', icon: <BankOutlined /> },
        {
          key: '/employer/employees',
          path: '/employer/employees',
          label: 'menu.employees',
          icon: <TeamOutlined />,
        },
      ];
    case 'agency': {
      const items: PortalMenuItem[] = [
        {
          key: 'registry',
          label: 'menu.registry',
          icon: <IdcardOutlined />,
          children: [
            {
              key: '/agency/persons',
              path: '/agency/persons',
              label: 'menu.persons',
              icon: <UserOutlined />,
            },
            {
              key: '/agency/employers',
              path: '/agency/employers',
              label: 'menu.employers',
              icon: <BankOutlined />,
            },
          ],
        },
        {
          key: '/agency/institutions',
          path: '/agency/institutions',
          label: 'menu.institutions',
          icon: <MedicineBoxOutlined />,
        },
        {
          key: '/agency/catalogue',
          path: '/agency/catalogue',
          label: 'menu.catalogue',
          icon: <BookOutlined />,
        },
        {
          key: '/agency/settlements',
          path: '/agency/settlements',
          label: 'menu.settlements',
          icon: <AccountBookOutlined />,
        },
        { key: '/agency/regions', path: '/agency/regions', label: 'menu.regions', icon: <ClusterOutlined /> },
      ];
      if (role === 'admin') {
        items.push({
          key: 'system',
          label: 'menu.system',
          icon: <SettingOutlined />,
          children: [
            { key: '/agency/users', path: '/agency/users', label: 'menu.users', icon: <ApartmentOutlined /> },
            {
              key: '/agency/access-log',
              path: '/agency/access-log',
              label: 'menu.accessLog',
              icon: <AuditOutlined />,
            },
          ],
        });
      }
      return items;
    }
  }
}

/** All paths of a menu, flattened. */
export function menuPaths(items: readonly PortalMenuItem[]): string[] {
  return items.flatMap((item) => [...(item.path ? [item.path] : []), ...menuPaths(item.children ?? [])]);
}

/** The menu entry a location belongs to: the longest menu path that is a prefix of it. */
export function selectedMenuPath(items: readonly PortalMenuItem[], pathname: string): string | undefined {
  return menuPaths(items)
    .filter((path) => pathname === path || pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/** The group keys containing a path, so the group opens. */
export function openGroupKeys(items: readonly PortalMenuItem[], path: string | undefined): string[] {
  if (!path) return [];
  return items
    .filter((item) => item.children && menuPaths(item.children).includes(path))
    .map((item) => item.key);
}
