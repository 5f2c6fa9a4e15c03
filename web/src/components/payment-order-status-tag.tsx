import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PaymentOrderStatus } from '../api/payments';

const STATUS_COLORS: Record<PaymentOrderStatus, string> = {
  pending: 'warning',
  paid: 'success',
  declined: 'default',
  cancelled: 'default',
  expired: 'default',
};

/** The status of a mobile-payment order (待支付, 已支付 …). */
export function PaymentOrderStatusTag({ status }: { readonly status: PaymentOrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`payment.orderStatus.${status}`)}
    </Tag>
  );
}
