import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Table,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importCatalogue } from '../../api/catalogue';
import { ApiError } from '../../api/client';
import { type ApiRowError, CATALOGUE_IMPORT_INVALID, type CatalogueVersion } from '../../api/types';
import { useUser } from '../../auth/auth-context';
import { formatDateTime } from '../../format/datetime';
import { useErrorText } from '../../hooks/use-error-text';
import { useLanguage } from '../../hooks/use-language';
import { poolingRegionLabel, poolingRegionsFor } from '../../regions/pooling-regions';

interface ImportFormValues {
  readonly regionCode: string;
  readonly effectiveFrom: Dayjs;
  readonly note?: string;
}

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'imported'; readonly version: CatalogueVersion }
  | { readonly kind: 'rejected'; readonly error: ApiError }
  | { readonly kind: 'failed'; readonly error: unknown };

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function RowErrorsTable({ rows }: { readonly rows: readonly ApiRowError[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columns: ColumnsType<ApiRowError> = [
    { title: t('catalogueImport.line'), dataIndex: 'line', width: 80 },
    { title: t('catalogueImport.column'), dataIndex: 'column', width: 140 },
    {
      title: t('catalogueImport.value'),
      dataIndex: 'value',
      width: 180,
      render: (value: string) => (
        <span className="yb-mono yb-break">{value === '' ? t('history.empty') : value}</span>
      ),
    },
    {
      title: t('catalogueImport.reason'),
      key: 'reason',
      render: (_, row) => (language === 'zh' ? row.messageZh : row.messageEn),
    },
  ];
  return (
    <Table<ApiRowError>
      rowKey={(row) => `${row.line}:${row.column}:${row.code}`}
      size="small"
      columns={columns}
      dataSource={[...rows].sort((a, b) => a.line - b.line)}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
    />
  );
}

/**
 * Mount it only while open (its state is the import in progress).
 *
 * 导入医保目录: region, effective-from date, note and a CSV/XLSX file, posted as multipart. The server
 * imports all rows or none; on HTTP 422 YB_ERR_CATALOGUE_IMPORT_INVALID the row errors are listed.
 */
export function CatalogueImportModal({
  open,
  defaultRegionCode,
  onClose,
  onImported,
}: {
  readonly open: boolean;
  readonly defaultRegionCode: string;
  readonly onClose: () => void;
  readonly onImported: (version: CatalogueVersion) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const errorText = useErrorText();
  const user = useUser();
  const regions = poolingRegionsFor(user.regionCodes);
  const [form] = Form.useForm<ImportFormValues>();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [fileMissing, setFileMissing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });

  // keeps region, date and note for the next file
  const reset = () => {
    setFile(undefined);
    setFileMissing(false);
    setOutcome({ kind: 'none' });
  };

  const submit = async () => {
    let values: ImportFormValues;
    try {
      values = await form.validateFields();
    } catch {
      if (!file) setFileMissing(true);
      return;
    }
    if (!file) {
      setFileMissing(true);
      return;
    }
    setSubmitting(true);
    setOutcome({ kind: 'none' });
    try {
      const { version } = await importCatalogue({
        regionCode: values.regionCode,
        effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
        note: values.note?.trim() ?? '',
        file,
      });
      setOutcome({ kind: 'imported', version });
      onImported(version);
    } catch (error) {
      if (error instanceof ApiError && (error.code === CATALOGUE_IMPORT_INVALID || error.rows.length > 0)) {
        setOutcome({ kind: 'rejected', error });
      } else {
        setOutcome({ kind: 'failed', error });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const imported = outcome.kind === 'imported' ? outcome.version : undefined;

  const footer = imported
    ? [
        <Button key="again" onClick={reset}>
          {t('catalogueImport.importAnother')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => void submit()}
          data-testid="catalogue-import-submit"
        >
          {t('catalogueImport.submit')}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={t('catalogueImport.title')}
      width={820}
      onCancel={onClose}
      footer={footer}
      mask={{ closable: false }}
    >
      <div data-testid="catalogue-import-modal">
        {imported ? (
          <div data-testid="catalogue-import-success">
            <Result
              status="success"
              title={t('catalogueImport.success')}
              subTitle={t('catalogueImport.successDetail', {
                versionNo: imported.versionNo,
                rowCount: imported.rowCount,
                effectiveFrom: imported.effectiveFrom,
              })}
            />
            <Descriptions
              bordered
              size="small"
              column={2}
              items={[
                { key: 'versionNo', label: t('catalogue.versionNo'), children: String(imported.versionNo) },
                {
                  key: 'region',
                  label: t('catalogue.region'),
                  children: poolingRegionLabel(imported.regionCode, language),
                },
                {
                  key: 'effectiveFrom',
                  label: t('catalogue.effectiveFrom'),
                  children: imported.effectiveFrom,
                },
                { key: 'rowCount', label: t('catalogue.rowCount'), children: imported.rowCount },
                { key: 'fileName', label: t('catalogue.fileName'), children: imported.fileName },
                {
                  key: 'importedAt',
                  label: t('catalogue.importedAt'),
                  children: formatDateTime(imported.importedAt),
                },
                { key: 'note', label: t('catalogue.note'), children: imported.note || '—', span: 2 },
              ]}
            />
          </div>
        ) : (
          <>
            <Form<ImportFormValues>
              form={form}
              layout="vertical"
              initialValues={{ regionCode: defaultRegionCode, effectiveFrom: dayjs().startOf('day') }}
              data-testid="catalogue-import-form"
            >
              <div className="yb-form-grid">
                <Form.Item
                  name="regionCode"
                  label={t('catalogueImport.region')}
                  rules={[
                    { required: true, message: t('common.required', { field: t('catalogueImport.region') }) },
                  ]}
                >
                  <Select
                    data-testid="catalogue-import-region"
                    options={regions.map((r) => ({
                      value: r.code,
                      label: poolingRegionLabel(r.code, language),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name="effectiveFrom"
                  label={t('catalogueImport.effectiveFrom')}
                  rules={[
                    {
                      required: true,
                      message: t('common.required', { field: t('catalogueImport.effectiveFrom') }),
                    },
                  ]}
                >
                  <DatePicker style={{ width: '100%' }} data-testid="catalogue-import-effective-from" />
                </Form.Item>
              </div>
              <Form.Item name="note" label={t('catalogueImport.note')}>
                <Input
                  maxLength={200}
                  placeholder={t('catalogueImport.notePlaceholder')}
                  data-testid="catalogue-import-note"
                />
              </Form.Item>
              <Form.Item
                label={t('catalogueImport.file')}
                required
                validateStatus={fileMissing ? 'error' : undefined}
                help={fileMissing ? t('catalogueImport.fileRequired') : undefined}
              >
                <Upload.Dragger
                  accept={ACCEPT}
                  multiple={false}
                  maxCount={1}
                  data-testid="catalogue-import-file"
                  beforeUpload={(picked) => {
                    setFile(picked);
                    setFileMissing(false);
                    setOutcome({ kind: 'none' });
                    return false; // keep it here; it is sent with the form
                  }}
                  onRemove={() => {
                    setFile(undefined);
                    return true;
                  }}
                  fileList={
                    file ? [{ uid: 'catalogue-file', name: file.name, status: 'done', size: file.size }] : []
                  }
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('catalogueImport.fileHint')}</p>
                  <p className="ant-upload-hint">{t('catalogueImport.fileFormats')}</p>
                </Upload.Dragger>
              </Form.Item>
            </Form>
            {outcome.kind === 'rejected' ? (
              <div data-testid="catalogue-import-errors" className="yb-import-errors">
                <Alert
                  type="error"
                  showIcon
                  title={t('catalogueImport.failed')}
                  description={
                    <>
                      <div>{outcome.error.messageIn(language)}</div>
                      <div>{t('catalogueImport.failedDetail', { count: outcome.error.rows.length })}</div>
                    </>
                  }
                />
                {outcome.error.rows.length > 0 ? <RowErrorsTable rows={outcome.error.rows} /> : null}
              </div>
            ) : null}
            {outcome.kind === 'failed' ? (
              <Alert
                type="error"
                showIcon
                title={errorText(outcome.error)}
                data-testid="catalogue-import-failed"
                className="yb-import-errors"
              />
            ) : null}
          </>
        )}
      </div>
    </Modal>
  );
}
