import { Card, Descriptions, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Institution, InstitutionDetail, InstitutionEvaluation, InstitutionPenalty } from '../api/types';
import { formatYuan } from '../format/money';
import { ActiveStatusTag, AgreementStatusTag, EvaluationGradeTag, PenaltyKindTag } from './tags';

/** 三级甲等 / Level 3 A; pharmacies and unrated institutions have no level. */
export function useInstitutionLevelText(): (
  institution: Pick<Institution, 'level' | 'levelGrade'>,
) => string {
  const { t } = useTranslation();
  return ({ level, levelGrade }) => {
    if (level === null) return t('institution.unrated');
    const grade = levelGrade ? t(`levelGrade.${levelGrade}`, { defaultValue: levelGrade }) : '';
    return t('institution.levelWithGrade', { level: t(`level.${level}`), grade }).trim();
  };
}

export function InstitutionDescriptions({ institution }: { readonly institution: InstitutionDetail }) {
  const { t } = useTranslation();
  const levelText = useInstitutionLevelText();
  return (
    <Descriptions
      bordered
      size="middle"
      column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
      items={[
        { key: 'name', label: t('institution.name'), children: institution.name, span: 2 },
        {
          key: 'code',
          label: t('institution.code'),
          children: <span className="yb-mono">{institution.code}</span>,
        },
        { key: 'kind', label: t('institution.kind'), children: t(`institutionKind.${institution.kind}`) },
        { key: 'level', label: t('institution.level'), children: levelText(institution) },
        {
          key: 'region',
          label: t('institution.region'),
          children: `${institution.regionName} (${institution.regionCode})`,
        },
        {
          key: 'agreementStatus',
          label: t('institution.agreementStatus'),
          children: <AgreementStatusTag status={institution.agreementStatus} />,
        },
        {
          key: 'agreementPeriod',
          label: t('institution.agreementPeriod'),
          children: `${institution.agreementStart} ~ ${institution.agreementEnd}`,
        },
        {
          key: 'dualChannel',
          label: t('institution.dualChannel'),
          children: institution.dualChannel ? <Tag color="geekblue">{t('common.yes')}</Tag> : t('common.no'),
        },
        {
          key: 'status',
          label: t('institution.status'),
          children: <ActiveStatusTag status={institution.status} />,
        },
        { key: 'address', label: t('institution.address'), children: institution.address, span: 2 },
      ]}
    />
  );
}

export function EvaluationsTable({
  evaluations,
}: {
  readonly evaluations: readonly InstitutionEvaluation[];
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<InstitutionEvaluation> = [
    { title: t('institution.year'), dataIndex: 'year', width: 100 },
    {
      title: t('institution.grade'),
      dataIndex: 'grade',
      render: (grade: InstitutionEvaluation['grade']) => <EvaluationGradeTag grade={grade} />,
    },
    { title: t('institution.score'), dataIndex: 'score' },
  ];
  return (
    <Table<InstitutionEvaluation>
      rowKey="year"
      size="middle"
      columns={columns}
      dataSource={[...evaluations].sort((a, b) => b.year - a.year)}
      pagination={false}
    />
  );
}

export function PenaltiesTable({ penalties }: { readonly penalties: readonly InstitutionPenalty[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<InstitutionPenalty> = [
    { title: t('institution.penaltyDate'), dataIndex: 'date', width: 120 },
    {
      title: t('institution.penaltyKind'),
      dataIndex: 'kind',
      width: 120,
      render: (kind: InstitutionPenalty['kind']) => <PenaltyKindTag kind={kind} />,
    },
    {
      title: t('institution.penaltyAmount'),
      dataIndex: 'amount',
      align: 'right',
      width: 140,
      render: (amount: number) => (amount ? formatYuan(amount) : '—'),
    },
    { title: t('institution.penaltyReason'), dataIndex: 'reason' },
    {
      title: t('institution.penaltyEnd'),
      dataIndex: 'endDate',
      width: 120,
      render: (date: string | null) => date ?? '—',
    },
  ];
  return (
    <Table<InstitutionPenalty>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={[...penalties].sort((a, b) => b.date.localeCompare(a.date))}
      pagination={false}
    />
  );
}

/** Descriptions, evaluations and penalties of an institution, with optional actions in the header. */
export function InstitutionView({
  institution,
  extra,
  penaltyExtra,
  children,
}: {
  readonly institution: InstitutionDetail;
  readonly extra?: ReactNode;
  readonly penaltyExtra?: ReactNode;
  readonly children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="yb-stack">
      <Card title={institution.name} extra={extra}>
        <InstitutionDescriptions institution={institution} />
      </Card>
      <Card title={t('institution.evaluations')}>
        <EvaluationsTable evaluations={institution.evaluations} />
      </Card>
      <Card title={t('institution.penalties')} extra={penaltyExtra}>
        <PenaltiesTable penalties={institution.penalties} />
      </Card>
      {children}
    </div>
  );
}
