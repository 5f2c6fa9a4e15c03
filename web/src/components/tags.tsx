import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  ActiveStatus,
  AgreementStatus,
  EnrolmentStatus,
  EvaluationGrade,
  InsuranceType,
  ItemClass,
  PenaltyKind,
  Role,
  SettlementStatus,
  VisitStatus,
} from '../api/types';

export function ActiveStatusTag({ status }: { readonly status: ActiveStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'success' : 'default'}>{t(`activeStatus.${status}`)}</Tag>;
}

const ENROLMENT_COLORS: Record<EnrolmentStatus, string> = {
  active: 'success',
  suspended: 'warning',
  ended: 'default',
};

export function EnrolmentStatusTag({ status }: { readonly status: EnrolmentStatus }) {
  const { t } = useTranslation();
  return <Tag color={ENROLMENT_COLORS[status]}>{t(`enrolmentStatus.${status}`)}</Tag>;
}

const AGREEMENT_COLORS: Record<AgreementStatus, string> = {
  active: 'success',
  suspended: 'warning',
  terminated: 'error',
};

export function AgreementStatusTag({ status }: { readonly status: AgreementStatus }) {
  const { t } = useTranslation();
  return <Tag color={AGREEMENT_COLORS[status]}>{t(`agreementStatus.${status}`)}</Tag>;
}

const CLASS_COLORS: Record<ItemClass, string> = { A: 'green', B: 'blue', C: 'default' };

export function ItemClassTag({ itemClass }: { readonly itemClass: ItemClass }) {
  const { t } = useTranslation();
  return <Tag color={CLASS_COLORS[itemClass]}>{t(`itemClass.${itemClass}`)}</Tag>;
}

export function InsuranceTypeTag({
  type,
  short = true,
}: {
  readonly type: InsuranceType;
  readonly short?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Tag color={type === '310' ? 'blue' : type === '390' ? 'cyan' : 'purple'}>
      {t(short ? `insuranceTypeShort.${type}` : `insuranceType.${type}`)}
    </Tag>
  );
}

const PENALTY_COLORS: Record<PenaltyKind, string> = {
  warning: 'gold',
  fine: 'orange',
  suspension: 'volcano',
  termination: 'red',
};

export function PenaltyKindTag({ kind }: { readonly kind: PenaltyKind }) {
  const { t } = useTranslation();
  return <Tag color={PENALTY_COLORS[kind]}>{t(`penaltyKind.${kind}`)}</Tag>;
}

const GRADE_COLORS: Record<EvaluationGrade, string> = {
  excellent: 'green',
  good: 'blue',
  qualified: 'default',
  unqualified: 'red',
};

export function EvaluationGradeTag({ grade }: { readonly grade: EvaluationGrade }) {
  const { t } = useTranslation();
  return <Tag color={GRADE_COLORS[grade]}>{t(`evaluationGrade.${grade}`)}</Tag>;
}

const ROLE_COLORS: Record<Role, string> = {
  insured: 'cyan',
  employer_clerk: 'geekblue',
  institution_operator: 'purple',
  agency_clerk: 'blue',
  agency_reviewer: 'gold',
  admin: 'red',
};

export function RoleTag({ role }: { readonly role: Role }) {
  const { t } = useTranslation();
  return <Tag color={ROLE_COLORS[role]}>{t(`role.${role}`)}</Tag>;
}

export function YesNoTag({
  value,
  yesColor = 'blue',
}: {
  readonly value: boolean;
  readonly yesColor?: string;
}) {
  const { t } = useTranslation();
  return value ? <Tag color={yesColor}>{t('common.yes')}</Tag> : <span>{t('common.no')}</span>;
}

const VISIT_COLORS: Record<VisitStatus, string> = {
  open: 'processing',
  discharged: 'cyan',
  settled: 'success',
  cancelled: 'default',
  payment_pending: 'warning',
};

export function VisitStatusTag({ status }: { readonly status: VisitStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={VISIT_COLORS[status] ?? 'default'} data-status={status}>
      {t(`visitStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function SettlementStatusTag({ status }: { readonly status: SettlementStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'settled' ? 'success' : 'default'} data-status={status}>
      {t(`settlementStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}
