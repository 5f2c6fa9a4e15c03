import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Employer } from '../api/types';
import { formatDateTime } from '../format/datetime';
import { ActiveStatusTag } from './tags';

export function EmployerDescriptions({ employer }: { readonly employer: Employer }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      bordered
      size="middle"
      column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
      items={[
        { key: 'name', label: t('employer.name'), children: employer.name, span: 2 },
        {
          key: 'status',
          label: t('employer.status'),
          children: <ActiveStatusTag status={employer.status} />,
        },
        {
          key: 'uscc',
          label: t('employer.uscc'),
          children: <span className="yb-mono">{employer.uscc}</span>,
        },
        { key: 'sizeClass', label: t('employer.sizeClass'), children: t(`sizeClass.${employer.sizeClass}`) },
        { key: 'industry', label: t('employer.industry'), children: employer.industry },
        {
          key: 'region',
          label: t('employer.region'),
          children: `${employer.regionName} (${employer.regionCode})`,
        },
        { key: 'contactName', label: t('employer.contactName'), children: employer.contactName },
        {
          key: 'contactPhone',
          label: t('employer.contactPhone'),
          children: <span className="yb-mono">{employer.contactPhone}</span>,
        },
        { key: 'address', label: t('employer.address'), children: employer.address, span: 3 },
        { key: 'createdAt', label: t('employer.createdAt'), children: formatDateTime(employer.createdAt) },
        { key: 'updatedAt', label: t('employer.updatedAt'), children: formatDateTime(employer.updatedAt) },
      ]}
    />
  );
}
