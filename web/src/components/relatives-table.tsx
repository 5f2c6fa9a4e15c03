import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Family, Relative } from '../api/types';

/** Close relatives (spouse, parents, children) of a person. */
export function RelativesTable({
  relatives,
  personLink,
}: {
  readonly relatives: readonly Relative[];
  readonly personLink?: (personId: number) => string;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<Relative> = [
    {
      title: t('relative.relation'),
      dataIndex: 'relation',
      width: 180,
      render: (relation: Relative['relation']) => t(`relation.${relation}`),
    },
    {
      title: t('relative.name'),
      dataIndex: 'name',
      render: (name: string, r) => (personLink ? <Link to={personLink(r.personId)}>{name}</Link> : name),
    },
    { title: t('relative.psnNo'), dataIndex: 'psnNo' },
    {
      title: t('relative.certno'),
      dataIndex: 'certnoMasked',
      render: (certno: string) => <span className="yb-mono">{certno}</span>,
    },
  ];
  return (
    <Table<Relative>
      rowKey={(r) => `${r.personId}-${r.relation}`}
      size="middle"
      columns={columns}
      dataSource={relatives as Relative[]}
      pagination={false}
      locale={{ emptyText: t('relative.none') }}
    />
  );
}

type Member = Family['members'][number];

/** The members of a household, head first. */
export function FamilyTable({
  family,
  personLink,
}: {
  readonly family: Family;
  readonly personLink?: (personId: number) => string;
}) {
  const { t } = useTranslation();
  const members = [...family.members].sort(
    (a, b) => Number(b.personId === family.headPersonId) - Number(a.personId === family.headPersonId),
  );
  const columns: ColumnsType<Member> = [
    {
      title: t('relative.name'),
      dataIndex: 'name',
      render: (name: string, m) => (
        <>
          {personLink ? <Link to={personLink(m.personId)}>{name}</Link> : name}
          {m.personId === family.headPersonId ? (
            <span className="yb-head-mark">{t('relative.head')}</span>
          ) : null}
        </>
      ),
    },
    {
      title: t('relative.relationToHead'),
      dataIndex: 'relationToHead',
      render: (relation: Member['relationToHead']) => t(`relation.${relation}`),
    },
  ];
  return (
    <Table<Member>
      rowKey="personId"
      size="middle"
      columns={columns}
      dataSource={members}
      pagination={false}
    />
  );
}
