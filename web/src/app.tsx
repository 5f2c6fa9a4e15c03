import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router-dom';
import { AuthProvider } from './auth/auth-context';
import { useLanguage } from './hooks/use-language';
import { router } from './router';

/** Government-service blue, compact enough for all-day data entry. */
const THEME = {
  algorithm: theme.defaultAlgorithm,
  token: {
    colorPrimary: '#0b5cad',
    colorInfo: '#0b5cad',
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: {
      headerBg: '#0b4f9c',
      headerHeight: 56,
      headerPadding: '0 20px',
      siderBg: '#ffffff',
      bodyBg: '#f0f2f5',
    },
    Menu: { itemSelectedBg: '#e6f0fa', itemSelectedColor: '#0b5cad' },
    Table: { headerBg: '#f5f7fa' },
    Descriptions: { labelBg: '#f5f7fa' },
  },
} as const;

export function App() {
  const language = useLanguage();
  useEffect(() => {
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  }, [language]);
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
