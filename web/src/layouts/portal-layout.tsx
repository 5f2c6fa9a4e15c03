import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, type MenuProps, Space, Tag, Tooltip } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useUser } from '../auth/auth-context';
import { portalOf } from '../auth/roles';
import { LanguageSwitch } from '../components/language-switch';
import { PageSpin } from '../components/page-spin';
import { useLanguage } from '../hooks/use-language';
import { regionCodeLabel } from '../regions/pooling-regions';
import { openGroupKeys, type PortalMenuItem, portalMenu, selectedMenuPath } from './portal-menus';

type AntMenuItem = Required<MenuProps>['items'][number];

function toAntItems(items: readonly PortalMenuItem[], t: (key: string) => string): AntMenuItem[] {
  return items.map((item) =>
    item.children
      ? { key: item.key, icon: item.icon, label: t(item.label), children: toAntItems(item.children, t) }
      : { key: item.key, icon: item.icon, label: t(item.label) },
  );
}

/** The frame of every portal: header with the user, side menu, and the page in the middle. */
export default function PortalLayout() {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const portal = portalOf(user.role);
  const menu = portalMenu(portal, user.role);
  const selected = selectedMenuPath(menu, location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(() =>
    menu.filter((item) => item.children).map((item) => item.key),
  );

  const regions =
    user.regionCodes.length > 0
      ? user.regionCodes.map((code) => regionCodeLabel(code, language)).join('、')
      : t('header.allRegions');

  return (
    <Layout className="yb-shell">
      <Layout.Header className="yb-header">
        <div className="yb-brand">
          <img src="/favicon.svg" alt="" className="yb-brand-logo" />
          <div className="yb-brand-text">
            <div className="yb-brand-title">{t('app.title')}</div>
            <div className="yb-brand-portal">{t(`portal.${portal}`)}</div>
          </div>
        </div>
        <Space size="middle" className="yb-header-right">
          <Space size={8}>
            <Avatar size="small" icon={<UserOutlined />} className="yb-avatar" />
            <span className="yb-user-name" data-testid="user-name">
              {user.displayName}
            </span>
          </Space>
          <span data-testid="user-role" data-role={user.role} title={user.role}>
            <Tag color="gold" className="yb-role-tag">
              {t(`role.${user.role}`)}
            </Tag>
          </span>
          <Tooltip title={t('header.regions')}>
            <span className="yb-user-region" data-testid="user-regions">
              {regions}
            </span>
          </Tooltip>
          <LanguageSwitch dark />
          <Button
            type="text"
            className="yb-header-button"
            icon={<LogoutOutlined />}
            data-testid="logout"
            onClick={() => void signOut()}
          >
            {t('common.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={220}
          theme="light"
          collapsible
          collapsed={collapsed}
          trigger={null}
          className="yb-sider"
          breakpoint="lg"
          onBreakpoint={(broken) => setCollapsed(broken)}
        >
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            openKeys={collapsed ? undefined : [...new Set([...openKeys, ...openGroupKeys(menu, selected)])]}
            onOpenChange={(keys) => setOpenKeys(keys as string[])}
            items={toAntItems(menu, t)}
            onClick={({ key }) => navigate(key)}
            className="yb-menu"
          />
          <div className="yb-sider-footer">
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
            />
          </div>
        </Layout.Sider>
        <Layout.Content className="yb-content">
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
          <div className="yb-footer">{t('app.footer')}</div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
