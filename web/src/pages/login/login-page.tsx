import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import type { LoginRequest, Role } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { homePathOf } from '../../auth/roles';
import { LanguageSwitch } from '../../components/language-switch';
import { useErrorText } from '../../hooks/use-error-text';

/** Where to go after signing in: the page asked for, if it is in the role's portal, else the portal home. */
function landingPath(role: Role, next: string | null): string {
  const home = homePathOf(role);
  const portalRoot = `/${home.split('/')[1] ?? ''}`;
  if (next?.startsWith(portalRoot) && !next.startsWith('//')) return next;
  return home;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  // the error itself, not its text, so switching language re-renders the message
  const [error, setError] = useState<unknown>(undefined);

  if (user) return <Navigate to={landingPath(user.role, searchParams.get('next'))} replace />;

  const onFinish = async (values: LoginRequest) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const signedIn = await signIn({ username: values.username.trim(), password: values.password });
      navigate(landingPath(signedIn.role, searchParams.get('next')), { replace: true });
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <div className="yb-login">
      <div className="yb-login-top">
        <div className="yb-brand">
          <img src="/favicon.svg" alt="" className="yb-brand-logo" />
          <div className="yb-brand-text">
            <div className="yb-brand-title">{t('app.title')}</div>
            <div className="yb-brand-portal">{t('app.subtitle')}</div>
          </div>
        </div>
        <LanguageSwitch dark />
      </div>
      <div className="yb-login-body">
        <div className="yb-login-intro">
          <Typography.Title level={2} className="yb-login-welcome">
            {t('login.welcome')}
          </Typography.Title>
          <Typography.Paragraph className="yb-login-text">{t('login.intro')}</Typography.Paragraph>
          <Typography.Paragraph className="yb-login-portals">{t('login.portals')}</Typography.Paragraph>
        </div>
        <Card className="yb-login-card" title={t('login.title')}>
          <Form<LoginRequest>
            layout="vertical"
            size="large"
            onFinish={(values) => void onFinish(values)}
            requiredMark={false}
            data-testid="login-form"
          >
            {error !== undefined ? (
              <Alert
                type="error"
                showIcon
                title={errorText(error)}
                className="yb-login-error"
                data-testid="login-error"
              />
            ) : null}
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                placeholder={t('login.username')}
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                placeholder={t('login.password')}
                data-testid="login-password"
              />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form.Item>
            <Typography.Text type="secondary" className="yb-login-notice">
              {t('login.notice')}
            </Typography.Text>
          </Form>
        </Card>
      </div>
      <div className="yb-login-footer">{t('app.footer')}</div>
    </div>
  );
}
