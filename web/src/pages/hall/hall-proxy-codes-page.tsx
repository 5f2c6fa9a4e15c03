import { QrcodeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, List, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueProxyToken, listShownFor } from '../../api/evoucher';
import { AsyncContent } from '../../components/async-content';
import { RotatingQr } from '../../components/rotating-qr';
import { useAsync } from '../../hooks/use-async';

/** 亲属代展码: the relatives who allowed me to show their code, and their rotating code. */
export default function HallProxyCodesPage() {
  const { t } = useTranslation();
  const state = useAsync((signal) => listShownFor(signal), 'me/e-voucher/shown-for');
  const [chosen, setChosen] = useState<number | null>(null);

  return (
    <AsyncContent state={state}>
      {(items) => {
        const selected = items.find((i) => i.grantId === chosen);
        return (
          <div className="yb-stack">
            <Alert type="info" showIcon title={t('evoucher.shownForHint')} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={10}>
                <Card title={t('evoucher.shownForTitle')}>
                  {items.length === 0 ? (
                    <Empty description={t('evoucher.shownForNone')} />
                  ) : (
                    <List
                      dataSource={[...items]}
                      data-testid="evoucher-shown-for"
                      renderItem={(item) => (
                        <List.Item
                          actions={[
                            <Button
                              key="show"
                              type={item.grantId === chosen ? 'primary' : 'default'}
                              icon={<QrcodeOutlined />}
                              onClick={() => setChosen(item.grantId)}
                              data-testid={`evoucher-show-for-${item.grantId}`}
                            >
                              {t('evoucher.showFor')}
                            </Button>,
                          ]}
                        >
                          <List.Item.Meta
                            title={`${item.name}（${t(`relation.${item.relation}`)}）`}
                            description={<span className="yb-mono">{item.certnoMasked}</span>}
                          />
                        </List.Item>
                      )}
                    />
                  )}
                </Card>
              </Col>
              {selected ? (
                <Col xs={24} lg={14}>
                  <Card
                    title={t('evoucher.showingFor', {
                      name: selected.name,
                      relation: t(`relation.${selected.relation}`),
                    })}
                  >
                    <div className="yb-stack">
                      <Typography.Text type="secondary">{t('evoucher.codeHint')}</Typography.Text>
                      <RotatingQr
                        key={selected.grantId}
                        issue={() => issueProxyToken(selected.grantId)}
                        testId="evoucher-proxy-code"
                      />
                    </div>
                  </Card>
                </Col>
              ) : null}
            </Row>
          </div>
        );
      }}
    </AsyncContent>
  );
}
