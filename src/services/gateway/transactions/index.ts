import type { TransactionHandler } from '../gateway-context.js';
import {
  downloadConsumables,
  downloadDrugs,
  downloadServices,
  queryCatalogue,
} from './catalogue-download.js';
import { cancelCrossRegionFiling, fileCrossRegion } from './cross-region-filing.js';
import { cancelFees, uploadFees } from './fee-upload.js';
import { downloadFile, uploadFile } from './files.js';
import { cancelInpatientFees, uploadInpatientFees } from './inpatient-fees.js';
import { cancelInpatientSettlement, preSettleInpatient, settleInpatient } from './inpatient-settlement.js';
import { admit, cancelAdmission, discharge, editAdmission, undoDischarge } from './inpatient-visit.js';
import { cancelSettlement, preSettleOutpatient, settleOutpatient } from './outpatient-settlement.js';
import { cancelOutpatient, registerOutpatient, uploadVisitInfo } from './outpatient-visit.js';
import { personInfo } from './person-info.js';
import { reconcileDetail, reconcileTotals } from './reconciliation.js';
import { reverseMessage } from './reversal.js';
import { querySettlement, queryVisits } from './settlement-query.js';
import { signIn, signOut } from './sign-in.js';

/**
 * The transactions the gateway answers, by infno. To add one: write a handler beside these
 * (TypeBox schema for `input`, work in ctx.tx through the services, return `output`) and list it here.
 */
export const TRANSACTIONS: Readonly<Record<string, TransactionHandler>> = {
  '9001': signIn,
  '9002': signOut,
  '1101': personInfo,
  '2201': registerOutpatient,
  '2202': cancelOutpatient,
  '2203': uploadVisitInfo,
  '2204': uploadFees,
  '2205': cancelFees,
  '2206': preSettleOutpatient,
  '2207': settleOutpatient,
  '2208': cancelSettlement,
  '2401': admit,
  '2403': editAdmission,
  '2404': cancelAdmission,
  '2301': uploadInpatientFees,
  '2302': cancelInpatientFees,
  '2402': discharge,
  '2405': undoDischarge,
  '2303': preSettleInpatient,
  '2304': settleInpatient,
  '2305': cancelInpatientSettlement,
  '2501': fileCrossRegion,
  '2502': cancelCrossRegionFiling,
  '1301': downloadDrugs,
  '1305': downloadServices,
  '1306': downloadConsumables,
  '1312': queryCatalogue,
  '5201': queryVisits,
  '5203': querySettlement,
  '2601': reverseMessage,
  '3201': reconcileTotals,
  '3202': reconcileDetail,
  '9101': uploadFile,
  '9102': downloadFile,
};
