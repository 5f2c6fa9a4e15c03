/**
 * The per-service paths of older/provincial gateways (reference §1.1, [OH] GetPubWay) and the
 * infno each implies. The unified path takes infno from the body.
 */
export const UNIFIED_PATH = '/fsi/api/rsfComIfsService/callService';

export const SERVICE_PATHS: Readonly<Record<string, string>> = {
  '/fsi/api/signInSignOutService/signIn': '9001',
  '/fsi/api/signInSignOutService/signOut': '9002',
  '/fsi/api/fsiPsnInfoService/queryPsnInfo': '1101',
  '/fsi/api/outpatientDocInfoService/outpatientRregistration': '2201',
  '/fsi/api/outpatientDocInfoService/outpatientRegistrationCancel': '2202',
  '/fsi/api/outpatientDocInfoService/outpatientMdtrtinfoUp': '2203',
  '/fsi/api/outpatientDocInfoService/outpatientFeeListUp': '2204',
  '/fsi/api/outpatientDocInfoService/outpatientFeeListUpCancel': '2205',
  '/fsi/api/outpatientSettleService/preSettletment': '2206',
  '/fsi/api/outpatientSettleService/saveSettletmentV2': '2207',
  '/fsi/api/outpatientSettleService/cancleSettletment': '2208',
  '/fsi/api/hospFeeDtlService/feeDtlUp': '2301',
  '/fsi/api/hospFeeDtlService/feeDtlCl': '2302',
  '/fsi/api/hospSettService/preSett': '2303',
  '/fsi/api/hospSettService/settV2': '2304',
  '/fsi/api/hospSettService/settCl': '2305',
  '/fsi/api/hospitalRegisterService/hospitalRegisterSave': '2401',
  '/fsi/api/dscgService/dischargeProcess': '2402',
  '/fsi/api/hospitalRegisterService/hospitalRegisterEdit': '2403',
  '/fsi/api/hospitalRegisterService/hospitalRegisterCancel': '2404',
  '/fsi/api/dscgService/dischargeUndo': '2405',
  '/fsi/api/reverseService/revsMethod': '2601',
  '/fsi/api/ybSettlementStmtService/stmtTotal': '3201',
  '/fsi/api/ybSettlementStmtService/stmtDetail': '3202',
  '/fsi/api/catalogdownservice/downCatalog1301': '1301',
  '/fsi/api/catalogdownservice/downCatalog1305': '1305',
  '/fsi/api/catalogdownservice/downCatalog1306': '1306',
  '/fsi/api/fileupload/upload': '9101',
  '/fsi/api/fileupload/download': '9102',
  '/fsi/api/catalogqueryservice/queryHilist': '1312',
  '/fsi/api/catalogqueryservice/queryDataDic': '1901',
};
