import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

/** Back to the list the user came from (keeping its filters), or to `to` when opened directly. */
export function BackLink({ to }: { readonly to: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingLeft: 0 }}
        onClick={() => {
          if (window.history.state && (window.history.state as { idx?: number }).idx) navigate(-1);
          else navigate(to);
        }}
      >
        {t('common.back')}
      </Button>
    </div>
  );
}
