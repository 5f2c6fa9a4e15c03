import {
  CalculatorOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  LoginOutlined,
  LogoutOutlined,
  MobileOutlined,
  PlusOutlined,
  RollbackOutlined,
  SearchOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { type ScannedPerson, scanEVoucher } from '../../api/evoucher';
import { getInstitution } from '../../api/institutions';
import { createPaymentOrder } from '../../api/payments';
import {
  addVisitLines,
  cancelVisit,
  cancelVisitLines,
  dischargeVisit,
  getSettlement,
  getVisit,
  lookupInstitutionPerson,
  newIdempotencyKey,
  preSettleVisit,
  registerVisit,
  settleVisit,
  undoDischarge,
} from '../../api/settlements';
import {
  CROSS_REGION_STATUSES,
  type CrossRegionStatus,
  type FeeLine,
  INPATIENT_MED_TYPES,
  type InstitutionDetail,
  type InstitutionPerson,
  MED_TYPES,
  type MedType,
  type PreSettlement,
  type Settlement,
  type Visit,
} from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { AsyncContent } from '../../components/async-content';
import { CatalogueItemSelect } from '../../components/catalogue-item-select';
import { applyFieldErrors, FormModal } from '../../components/form-modal';
import { BreakdownView } from '../../components/settlement-breakdown';
import {
  SettlementDescriptions,
  SettlementReverseModal,
  SlipButton,
} from '../../components/settlement-detail';
import { ActiveStatusTag, InsuranceTypeTag, ItemClassTag, VisitStatusTag } from '../../components/tags';
import { today } from '../../format/datetime';
import { formatYuan, parseYuanToFen } from '../../format/money';
import { useAsync } from '../../hooks/use-async';
import { useErrorText } from '../../hooks/use-error-text';
import { useLanguage } from '../../hooks/use-language';
import { poolingRegionCodeOf, regionCodeLabel } from '../../regions/pooling-regions';
import { PaymentOrderCard } from './payment-order-card';

const money = (fen: number) => <span className="yb-num">{formatYuan(fen)}</span>;

/** An 18-character (or old 15-digit) resident ID number; anything else is taken as a person number. */
const CERTNO = /^(\d{15}|\d{17}[\dXx])$/;

/** A scanned 医保电子凭证 code (docs/e-voucher.md): EV1.… */
const EVOUCHER_TOKEN = /^EV\d+\./i;

/** Whether the patient was identified by a scanned e-voucher code. */
function isScanned(person: InstitutionPerson): person is ScannedPerson {
  return 'displayedBy' in person;
}

/** The usual medical type of an institution kind. */
function defaultMedType(institution: InstitutionDetail): MedType {
  if (institution.kind === 'pharmacy') return '41';
  if (institution.kind === 'internet_hospital') return '9901';
  return '11';
}

/** Whether a settle failure may be retried as the same attempt (the answer was lost or the server failed). */
function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

// ---------------------------------------------------------------------------------------------
// 1. Patient

function PersonCard({
  person,
  locked,
  onFound,
  onNext,
}: {
  readonly person: InstitutionPerson | undefined;
  /** a visit is in progress: the patient cannot change until 接诊下一位 */
  readonly locked: boolean;
  readonly onFound: (person: InstitutionPerson) => void;
  readonly onNext: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);

  const search = async () => {
    const q = query.trim();
    setMissing(q === '');
    if (q === '') return;
    setSearching(true);
    setError(undefined);
    try {
      // A code scanner types the e-voucher token into this box, followed by Enter.
      onFound(
        EVOUCHER_TOKEN.test(q)
          ? await scanEVoucher(q, today())
          : await lookupInstitutionPerson(
              CERTNO.test(q) ? { certno: q.toUpperCase(), date: today() } : { psnNo: q, date: today() },
            ),
      );
      if (EVOUCHER_TOKEN.test(q)) setQuery('');
    } catch (e) {
      setError(e);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Card
      title={t('settle.person')}
      extra={
        person ? (
          <Button icon={<UserSwitchOutlined />} onClick={onNext} data-testid="settle-next">
            {t('settle.nextPatient')}
          </Button>
        ) : undefined
      }
    >
      <div className="yb-stack">
        <Space.Compact style={{ maxWidth: 480, width: '100%' }}>
          <Input
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setMissing(false);
            }}
            onPressEnter={() => void search()}
            placeholder={t('settle.personQueryPlaceholder')}
            aria-label={t('settle.personQuery')}
            allowClear
            disabled={locked}
            status={missing ? 'error' : undefined}
            maxLength={80}
            data-testid="settle-person-query"
          />
          <Button
            type="primary"
            icon={<SearchOutlined />}
            loading={searching}
            disabled={locked}
            onClick={() => void search()}
            data-testid="settle-person-search"
          >
            {t('common.search')}
          </Button>
        </Space.Compact>
        {missing ? <Typography.Text type="danger">{t('settle.personQueryRequired')}</Typography.Text> : null}
        {error !== undefined ? (
          <Alert type="error" showIcon title={errorText(error)} data-testid="settle-person-error" />
        ) : null}
        {person ? (
          <>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 2, lg: 4 }}
              data-testid="settle-person"
              items={[
                { key: 'name', label: t('person.name'), children: <strong>{person.name}</strong> },
                {
                  key: 'psnNo',
                  label: t('person.psnNo'),
                  children: <span className="yb-mono">{person.psnNo}</span>,
                },
                ...(person.certnoMasked
                  ? [
                      {
                        key: 'certno',
                        label: t('person.certno'),
                        children: <span className="yb-mono">{person.certnoMasked}</span>,
                      },
                    ]
                  : []),
                { key: 'sex', label: t('person.sex'), children: t(`sex.${person.sex}`) },
                { key: 'age', label: t('settle.age'), children: t('settle.ageValue', { age: person.age }) },
                {
                  key: 'insuranceType',
                  label: t('person.insuranceType'),
                  children: person.insuranceType ? (
                    <InsuranceTypeTag type={person.insuranceType} />
                  ) : (
                    t('common.none')
                  ),
                },
                {
                  key: 'category',
                  label: t('person.category'),
                  children: person.category ? t(`category.${person.category}`) : '—',
                },
                {
                  key: 'insuredRegion',
                  label: t('settle.insuredRegion'),
                  children: regionCodeLabel(person.insuredRegionCode ?? person.regionCode, language),
                },
                ...(person.status
                  ? [
                      {
                        key: 'status',
                        label: t('person.status'),
                        children: <ActiveStatusTag status={person.status} />,
                      },
                    ]
                  : []),
              ]}
            />
            {isScanned(person) ? (
              <Alert
                type="info"
                showIcon
                data-testid="settle-person-evoucher"
                title={
                  person.displayedBy
                    ? `${t('settle.scannedEVoucher')} · ${t('settle.shownBy', {
                        name: person.displayedBy.name,
                        relation: t(`relation.${person.displayedBy.relation}`),
                      })}`
                    : t('settle.scannedEVoucher')
                }
              />
            ) : null}
            {person.status === 'inactive' ? (
              <Alert type="warning" showIcon title={t('settle.inactivePerson')} />
            ) : person.insuranceType === null ? (
              <Alert type="warning" showIcon title={t('settle.notEnrolled')} />
            ) : null}
          </>
        ) : (
          <Typography.Text type="secondary" className="yb-small">
            {t('settle.lookupLogged')}
          </Typography.Text>
        )}
      </div>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// 2. Visit registration and the visit

interface RegisterValues {
  readonly medType: MedType;
  readonly beginDate: Dayjs;
  readonly diagnosisCode?: string;
  readonly diagnosisName?: string;
  readonly crossRegion?: CrossRegionStatus;
}

function RegisterCard({
  institution,
  person,
  onRegistered,
}: {
  readonly institution: InstitutionDetail;
  readonly person: InstitutionPerson;
  readonly onRegistered: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const [form] = Form.useForm<RegisterValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const careRegion = poolingRegionCodeOf(institution.regionCode);
  const insuredRegion = person.insuredRegionCode ?? poolingRegionCodeOf(person.regionCode);
  const elsewhere = poolingRegionCodeOf(insuredRegion) !== careRegion;

  const finish = async (values: RegisterValues) => {
    setSubmitting(true);
    setError(undefined);
    try {
      onRegistered(
        await registerVisit({
          personId: person.id,
          institutionId: institution.id,
          medType: values.medType,
          beginDate: values.beginDate.format('YYYY-MM-DD'),
          ...(values.diagnosisCode?.trim() ? { diagnosisCode: values.diagnosisCode.trim() } : {}),
          ...(values.diagnosisName?.trim() ? { diagnosisName: values.diagnosisName.trim() } : {}),
          ...(elsewhere && values.crossRegion ? { crossRegion: values.crossRegion } : {}),
        }),
      );
    } catch (e) {
      setError(e);
      applyFieldErrors(form, e, language);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card title={t('settle.register')}>
      {error !== undefined ? (
        <Alert type="error" showIcon title={errorText(error)} className="yb-form-error" />
      ) : null}
      {elsewhere ? (
        <Alert
          type="info"
          showIcon
          title={t('settle.crossRegionHint', { region: regionCodeLabel(insuredRegion, language) })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        initialValues={{
          medType: defaultMedType(institution),
          beginDate: dayjs().startOf('day'),
          crossRegion: 'unfiledTemporary',
        }}
        onFinish={(values) => void finish(values)}
      >
        <div className="yb-form-grid yb-form-grid-4">
          <Form.Item
            name="medType"
            label={t('settle.medType')}
            rules={[{ required: true, message: t('common.required', { field: t('settle.medType') }) }]}
          >
            <Select
              data-testid="settle-med-type"
              options={MED_TYPES.map((code) => ({ value: code, label: `${code} ${t(`medType.${code}`)}` }))}
            />
          </Form.Item>
          <Form.Item
            name="beginDate"
            label={t('settle.beginDate')}
            rules={[{ required: true, message: t('common.required', { field: t('settle.beginDate') }) }]}
          >
            <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="settle-begin-date" />
          </Form.Item>
          <Form.Item name="diagnosisCode" label={t('settle.diagnosisCode')}>
            <Input maxLength={30} allowClear data-testid="settle-diagnosis-code" />
          </Form.Item>
          <Form.Item name="diagnosisName" label={t('settle.diagnosisName')}>
            <Input maxLength={100} allowClear data-testid="settle-diagnosis-name" />
          </Form.Item>
          {elsewhere ? (
            <Form.Item name="crossRegion" label={t('settle.crossRegion')}>
              <Select
                data-testid="settle-cross-region"
                popupMatchSelectWidth={false}
                options={CROSS_REGION_STATUSES.map((s) => ({ value: s, label: t(`crossRegion.${s}`) }))}
              />
            </Form.Item>
          ) : null}
        </div>
        <Button
          type="primary"
          htmlType="submit"
          icon={<LoginOutlined />}
          loading={submitting}
          disabled={person.insuranceType === null || person.status === 'inactive'}
          data-testid="settle-register"
        >
          {t('settle.registerSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function DischargeModal({
  visit,
  onClose,
  onDone,
}: {
  readonly visit: Visit;
  readonly onClose: () => void;
  readonly onDone: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const begin = dayjs(visit.beginDate);
  const now = dayjs().startOf('day');
  return (
    <FormModal<{ endDate: Dayjs }>
      open
      title={t('settle.discharge')}
      onClose={onClose}
      width={420}
      okText={t('settle.discharge')}
      testId="settle-discharge-form"
      okTestId="settle-discharge-submit"
      initialValues={{ endDate: now.isBefore(begin) ? begin : now }}
      onSubmit={async (values) => onDone(await dischargeVisit(visit.id, values.endDate.format('YYYY-MM-DD')))}
    >
      <Form.Item
        name="endDate"
        label={t('settle.endDate')}
        rules={[{ required: true, message: t('common.required', { field: t('settle.endDate') }) }]}
      >
        <DatePicker
          style={{ width: '100%' }}
          allowClear={false}
          disabledDate={(d) => d.isBefore(begin, 'day')}
          data-testid="settle-end-date"
        />
      </Form.Item>
    </FormModal>
  );
}

function VisitCard({
  visit,
  onChange,
}: {
  readonly visit: Visit;
  readonly onChange: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [discharging, setDischarging] = useState(false);
  const [busy, setBusy] = useState(false);
  const inpatient = INPATIENT_MED_TYPES.includes(visit.medType);

  const act = async (action: () => Promise<Visit>) => {
    setBusy(true);
    try {
      onChange(await action());
      void message.success(t('common.operationSucceeded'));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <span>{t('settle.visit')}</span>
          <VisitStatusTag status={visit.status} />
        </Space>
      }
      extra={
        <Space wrap>
          {inpatient && visit.status === 'open' ? (
            <Button
              icon={<LogoutOutlined />}
              onClick={() => setDischarging(true)}
              data-testid="settle-discharge"
            >
              {t('settle.discharge')}
            </Button>
          ) : null}
          {visit.status === 'discharged' ? (
            <Button
              icon={<RollbackOutlined />}
              loading={busy}
              onClick={() => void act(() => undoDischarge(visit.id))}
              data-testid="settle-undo-discharge"
            >
              {t('settle.undoDischarge')}
            </Button>
          ) : null}
          {visit.status === 'open' || visit.status === 'discharged' ? (
            <Popconfirm
              title={t('settle.cancelVisitConfirm')}
              onConfirm={() => act(() => cancelVisit(visit.id))}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
            >
              <Button danger icon={<CloseCircleOutlined />} loading={busy} data-testid="settle-cancel-visit">
                {t('settle.cancelVisit')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      }
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 4 }}
        data-testid="settle-visit"
        items={[
          {
            key: 'id',
            label: t('settle.visitId'),
            children: (
              <span className="yb-mono" data-testid="settle-visit-id">
                {visit.id}
              </span>
            ),
          },
          {
            key: 'medType',
            label: t('settle.medType'),
            children: t(`medType.${visit.medType}`, { defaultValue: visit.medType }),
          },
          {
            key: 'period',
            label: t('settle.period'),
            children: visit.endDate ? `${visit.beginDate} ~ ${visit.endDate}` : visit.beginDate,
          },
          {
            key: 'insuranceType',
            label: t('enrolment.insuranceType'),
            children: <InsuranceTypeTag type={visit.insuranceType} />,
          },
          {
            key: 'careRegion',
            label: t('settle.careRegion'),
            children: regionCodeLabel(visit.regionCode, language),
          },
          {
            key: 'insuredRegion',
            label: t('settle.insuredRegion'),
            children: regionCodeLabel(visit.insuredRegionCode, language),
          },
          {
            key: 'crossRegion',
            label: t('settle.crossRegion'),
            children: t(`crossRegion.${visit.crossRegion}`, { defaultValue: visit.crossRegion }),
          },
          {
            key: 'diagnosis',
            label: t('settle.diagnosis'),
            children: [visit.diagnosisCode, visit.diagnosisName].filter(Boolean).join(' ') || '—',
          },
        ]}
      />
      {visit.status === 'cancelled' ? (
        <Alert type="warning" showIcon title={t('settle.visitCancelled')} style={{ marginTop: 12 }} />
      ) : null}
      {discharging ? (
        <DischargeModal
          visit={visit}
          onClose={() => setDischarging(false)}
          onDone={(next) => {
            setDischarging(false);
            onChange(next);
            void message.success(t('common.operationSucceeded'));
          }}
        />
      ) : null}
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Fee lines

interface LineValues {
  readonly code?: string;
  readonly quantity?: string;
  readonly unitPrice?: string;
  readonly serviceDate?: Dayjs | null;
}

const QUANTITY = /^\d+(\.\d{1,4})?$/;
const PRICE = /^\d+(\.\d{1,2})?$/;

/** `lines.0.quantity` → `quantity`: the API names the line, the form has one. */
function lineFieldOf(path: string): string {
  return path.replace(/^\/?(body[./])?lines[./]\d+[./]/, '');
}

function LinesCard({
  visit,
  onChange,
}: {
  readonly visit: Visit;
  readonly onChange: (visit: Visit) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<LineValues>();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const editable = visit.status === 'open';
  const active = visit.lines.filter((l) => l.status === 'active');
  const activeTotal = active.reduce((sum, l) => sum + l.amount, 0);

  const add = async (values: LineValues) => {
    const unitPrice = parseYuanToFen(String(values.unitPrice ?? ''));
    if (!values.code || values.quantity === undefined || unitPrice === undefined) return;
    setAdding(true);
    setError(undefined);
    try {
      onChange(
        await addVisitLines(visit.id, [
          {
            code: values.code,
            quantity: Number(values.quantity),
            unitPrice,
            ...(values.serviceDate ? { serviceDate: values.serviceDate.format('YYYY-MM-DD') } : {}),
          },
        ]),
      );
      form.resetFields();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.fields.length > 0) {
        form.setFields(
          e.fields.map((f) => ({
            name: lineFieldOf(f.path) as keyof LineValues,
            errors: [language === 'zh' ? f.messageZh : f.messageEn],
          })),
        );
      }
    } finally {
      setAdding(false);
    }
  };

  const cancel = async (lineNos: readonly number[]) => {
    try {
      onChange(await cancelVisitLines(visit.id, lineNos));
      void message.success(t('common.operationSucceeded'));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const columns: ColumnsType<FeeLine> = [
    { title: t('settle.lineNo'), dataIndex: 'lineNo', width: 64 },
    {
      title: t('settle.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="yb-mono yb-small">{code}</span>,
    },
    { title: t('settle.name'), dataIndex: 'name' },
    {
      title: t('settle.itemClass'),
      dataIndex: 'itemClass',
      render: (c: FeeLine['itemClass']) => <ItemClassTag itemClass={c} />,
    },
    { title: t('settle.quantity'), dataIndex: 'quantity', align: 'right' },
    { title: t('settle.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
    { title: t('settle.amount'), dataIndex: 'amount', align: 'right', render: money },
    { title: t('settle.serviceDate'), dataIndex: 'serviceDate' },
    {
      title: t('settle.lineStatus'),
      dataIndex: 'status',
      render: (status: FeeLine['status']) => t(`feeLineStatus.${status}`),
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, line: FeeLine) =>
              line.status === 'active' ? (
                <Popconfirm
                  title={t('settle.cancelLineConfirm', { lineNo: line.lineNo })}
                  onConfirm={() => cancel([line.lineNo])}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                >
                  <Button type="link" size="small" danger data-testid={`settle-line-cancel-${line.lineNo}`}>
                    {t('settle.cancelLine')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('settle.lines')}
      extra={
        editable && active.length > 0 ? (
          <Popconfirm
            title={t('settle.cancelAllLinesConfirm')}
            onConfirm={() => cancel([])}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
          >
            <Button danger size="small" data-testid="settle-lines-cancel-all">
              {t('settle.cancelAllLines')}
            </Button>
          </Popconfirm>
        ) : undefined
      }
    >
      <div className="yb-stack">
        {editable ? (
          <>
            {error !== undefined ? <Alert type="error" showIcon title={errorText(error)} /> : null}
            <Form<LineValues>
              form={form}
              layout="inline"
              className="yb-line-form"
              onFinish={(values) => void add(values)}
              onValuesChange={() => setError(undefined)}
            >
              <Form.Item
                name="code"
                label={t('settle.lineItem')}
                rules={[{ required: true, message: t('settle.lineItemRequired') }]}
              >
                <CatalogueItemSelect
                  regionCode={visit.regionCode}
                  date={visit.beginDate}
                  placeholder={t('settle.lineItemPlaceholder')}
                  style={{ width: 320 }}
                  testId="settle-line-code"
                  onItem={(item) =>
                    form.setFieldsValue(
                      item
                        ? {
                            quantity: form.getFieldValue('quantity') ?? '1',
                            unitPrice: formatYuan(item.paymentStandard).replace(/,/g, ''),
                          }
                        : { unitPrice: undefined },
                    )
                  }
                />
              </Form.Item>
              <Form.Item
                name="quantity"
                label={t('settle.quantity')}
                rules={[
                  {
                    validator: (_, value: string | undefined) =>
                      value !== undefined && QUANTITY.test(String(value)) && Number(value) > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('settle.quantityInvalid'))),
                  },
                ]}
              >
                <InputNumber<string>
                  stringMode
                  min="0"
                  step="1"
                  style={{ width: 110 }}
                  data-testid="settle-line-quantity"
                />
              </Form.Item>
              <Form.Item
                name="unitPrice"
                label={t('settle.unitPrice')}
                rules={[
                  {
                    validator: (_, value: string | undefined) =>
                      value !== undefined && PRICE.test(String(value))
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('settle.unitPriceInvalid'))),
                  },
                ]}
              >
                <InputNumber<string>
                  stringMode
                  min="0"
                  step="0.01"
                  style={{ width: 130 }}
                  data-testid="settle-line-price"
                />
              </Form.Item>
              <Form.Item
                name="serviceDate"
                label={t('settle.serviceDate')}
                tooltip={t('settle.serviceDateHint')}
              >
                <DatePicker
                  style={{ width: 140 }}
                  disabledDate={(d) => d.isBefore(dayjs(visit.beginDate), 'day')}
                  data-testid="settle-line-date"
                />
              </Form.Item>
              <Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<PlusOutlined />}
                  loading={adding}
                  data-testid="settle-line-add"
                >
                  {t('settle.addLine')}
                </Button>
              </Form.Item>
            </Form>
          </>
        ) : null}
        <Table<FeeLine>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={visit.lines as FeeLine[]}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(l) => (l.status === 'cancelled' ? 'yb-row-muted' : '')}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settle.noLines')} />,
          }}
          data-testid="settle-lines"
          footer={
            active.length > 0
              ? () => (
                  <Typography.Text strong data-testid="settle-lines-total" data-fen={activeTotal}>
                    {t('settle.linesTotal', { count: active.length, amount: formatYuan(activeTotal) })}
                  </Typography.Text>
                )
              : undefined
          }
        />
      </div>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// 4. Pre-settlement and settlement

/** One settle attempt: the pre-settlement it confirms and the Idempotency-Key reused on retry. */
interface Attempt {
  readonly pre: PreSettlement;
  readonly useAccount: boolean;
  readonly key: string;
}

function SettleCard({
  visit,
  attempt,
  onAttempt,
  onSettled,
  onOrdered,
}: {
  readonly visit: Visit;
  readonly attempt: Attempt | undefined;
  readonly onAttempt: (attempt: Attempt | undefined) => void;
  readonly onSettled: (settlement: Settlement) => void;
  /** a mobile-payment order was made: the visit is now held for the patient */
  readonly onOrdered: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [useAccount, setUseAccount] = useState(attempt?.useAccount ?? false);
  const [busy, setBusy] = useState<'pre' | 'settle' | 'order' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const hasLines = visit.lines.some((l) => l.status === 'active');
  const mustDischarge = visit.benefit === 'inpatient' && visit.status !== 'discharged';
  const lineNames = new Map(visit.lines.map((l) => [l.lineNo, l.name]));

  const preSettle = async () => {
    setBusy('pre');
    setError(undefined);
    try {
      const pre = await preSettleVisit(visit.id, useAccount);
      onAttempt({ pre, useAccount, key: newIdempotencyKey() });
    } catch (e) {
      onAttempt(undefined);
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const settle = async () => {
    if (!attempt) return;
    setBusy('settle');
    setError(undefined);
    try {
      // the same key for every try of this attempt: a lost answer is fetched again, never settled twice
      onSettled(await settleVisit(visit.id, attempt.useAccount, attempt.key));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const order = async () => {
    setBusy('order');
    setError(undefined);
    try {
      await createPaymentOrder(visit.id);
      onOrdered();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={t('settle.settlement')}>
      <div className="yb-stack">
        {mustDischarge ? <Alert type="info" showIcon title={t('settle.dischargeFirst')} /> : null}
        <Space wrap size="middle">
          <Space>
            <Switch
              checked={useAccount}
              onChange={(checked) => {
                setUseAccount(checked);
                onAttempt(undefined);
              }}
              data-testid="settle-use-account"
            />
            <span>{t('settle.useAccount')}</span>
            <Typography.Text type="secondary" className="yb-small">
              {t('settle.useAccountHint')}
            </Typography.Text>
          </Space>
        </Space>
        <Space wrap>
          <Button
            icon={<CalculatorOutlined />}
            onClick={() => void preSettle()}
            loading={busy === 'pre'}
            disabled={!hasLines || busy === 'settle'}
            data-testid="settle-presettle"
          >
            {t('settle.preSettle')}
          </Button>
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            onClick={() => void settle()}
            loading={busy === 'settle'}
            disabled={!attempt || mustDischarge || busy === 'pre'}
            data-testid="settle-confirm"
          >
            {t('settle.confirm')}
          </Button>
          <Button
            icon={<MobileOutlined />}
            onClick={() => void order()}
            loading={busy === 'order'}
            disabled={!attempt || mustDischarge || busy === 'pre' || busy === 'settle'}
            title={t('payment.createHint')}
            data-testid="settle-payment-create"
          >
            {t('payment.create')}
          </Button>
          <Typography.Text type="secondary" className="yb-small">
            {t('settle.preSettleHint')}
          </Typography.Text>
        </Space>
        {error !== undefined ? (
          <Alert
            type="error"
            showIcon
            title={errorText(error)}
            description={isRetryable(error) && attempt ? t('settle.retryHint') : undefined}
            data-testid="settle-error"
          />
        ) : null}
        {attempt ? (
          <>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'policy',
                  label: t('settle.policy'),
                  children: (
                    <span>
                      {attempt.pre.policyName}{' '}
                      <Typography.Text type="secondary" className="yb-mono yb-small">
                        {attempt.pre.policyId}
                      </Typography.Text>
                    </span>
                  ),
                },
              ]}
            />
            <BreakdownView breakdown={attempt.pre.breakdown} lineNames={lineNames} />
          </>
        ) : null}
      </div>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// 5. Result

function ResultCard({
  settlement,
  visit,
  onReversed,
  onNext,
}: {
  readonly settlement: Settlement;
  readonly visit: Visit | undefined;
  readonly onReversed: (settlement: Settlement) => void;
  readonly onNext: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reversing, setReversing] = useState(false);
  const reversed = settlement.status === 'reversed';
  const lineNames = visit ? new Map(visit.lines.map((l) => [l.lineNo, l.name])) : undefined;
  return (
    <Card data-testid="settle-result" data-status={settlement.status}>
      <Result
        status={reversed ? 'warning' : 'success'}
        title={reversed ? t('settle.reversedTitle') : t('settle.success')}
        subTitle={
          <Space>
            <span>{t('settle.setlNo')}</span>
            <Typography.Text copyable className="yb-mono" data-testid="settle-setl-no">
              {settlement.setlNo}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap style={{ justifyContent: 'center' }}>
            <SlipButton settlement={settlement} />
            {!reversed ? (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setReversing(true)}
                data-testid="settle-reverse"
              >
                {t('settle.reverse')}
              </Button>
            ) : null}
            <Button type="primary" icon={<UserSwitchOutlined />} onClick={onNext}>
              {t('settle.nextPatient')}
            </Button>
          </Space>
        }
      />
      <div className="yb-stack">
        <SettlementDescriptions settlement={settlement} visit={visit} showParties={false} />
        {/* once reversed, the visit may be pre-settled again: only that breakdown is shown then */}
        {!reversed ? <BreakdownView breakdown={settlement.breakdown} lineNames={lineNames} /> : null}
      </div>
      {reversing ? (
        <SettlementReverseModal
          settlement={settlement}
          onClose={() => setReversing(false)}
          onReversed={(next) => {
            setReversing(false);
            void message.success(t('common.operationSucceeded'));
            onReversed(next);
          }}
        />
      ) : null}
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// The desk

function SettlementDesk({ institution }: { readonly institution: InstitutionDetail }) {
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [person, setPerson] = useState<InstitutionPerson | undefined>(undefined);
  const [visit, setVisitState] = useState<Visit | undefined>(undefined);
  const [attempt, setAttempt] = useState<Attempt | undefined>(undefined);
  const [settlement, setSettlement] = useState<Settlement | undefined>(undefined);
  /** bumped by 接诊下一位 so every form starts empty */
  const [round, setRound] = useState(0);

  // any change to the visit (lines, discharge) makes the pre-settlement stale
  const setVisit = (next: Visit) => {
    setVisitState(next);
    setAttempt(undefined);
  };
  const reloadVisit = async (id: number) => {
    try {
      setVisit(await getVisit(id));
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const next = () => {
    setPerson(undefined);
    setVisitState(undefined);
    setAttempt(undefined);
    setSettlement(undefined);
    setRound((r) => r + 1);
  };
  const settleable = visit !== undefined && (visit.status === 'open' || visit.status === 'discharged');

  return (
    <div className="yb-stack" key={round}>
      <PersonCard
        person={person}
        locked={visit !== undefined}
        onFound={(found) => {
          setPerson(found);
          setVisitState(undefined);
          setAttempt(undefined);
          setSettlement(undefined);
        }}
        onNext={next}
      />
      {person && !visit ? (
        <RegisterCard institution={institution} person={person} onRegistered={setVisit} />
      ) : null}
      {visit ? <VisitCard visit={visit} onChange={setVisit} /> : null}
      {settlement ? (
        <ResultCard
          settlement={settlement}
          visit={visit}
          onReversed={(reversed) => {
            setSettlement(reversed);
            void reloadVisit(reversed.visitId);
          }}
          onNext={next}
        />
      ) : null}
      {visit && visit.status !== 'cancelled' ? <LinesCard visit={visit} onChange={setVisit} /> : null}
      {settleable ? (
        <SettleCard
          visit={visit}
          attempt={attempt}
          onAttempt={(a) => {
            setAttempt(a);
            if (a) setSettlement(undefined);
          }}
          onSettled={(settled) => {
            // the settle card goes at once, so only the settlement's breakdown is on screen
            setVisitState((v) => (v ? { ...v, status: 'settled' } : v));
            setAttempt(undefined);
            setSettlement(settled);
            void reloadVisit(settled.visitId);
          }}
          onOrdered={() => void reloadVisit(visit.id)}
        />
      ) : null}
      {visit && visit.status === 'payment_pending' ? (
        <PaymentOrderCard
          visit={visit}
          onEnded={() => void reloadVisit(visit.id)}
          onPaid={(settlementId) => {
            void getSettlement(settlementId).then(setSettlement, (e: unknown) => message.error(errorText(e)));
            void reloadVisit(visit.id);
          }}
        />
      ) : null}
    </div>
  );
}

/** 结算台: identify the patient, register the visit, upload fee lines, pre-settle, settle, slip, reverse. */
export default function SettlementConsolePage() {
  const { t } = useTranslation();
  const user = useUser();
  const institutionId = user.institutionId;
  const state = useAsync(
    (signal) =>
      institutionId === null
        ? Promise.reject(new Error('no institution'))
        : getInstitution(institutionId, signal),
    String(institutionId),
  );
  if (institutionId === null) {
    return <Result status="warning" title={t('common.notLinked', { what: t('institution.detailTitle') })} />;
  }
  return (
    <AsyncContent state={state}>{(institution) => <SettlementDesk institution={institution} />}</AsyncContent>
  );
}
