/** Display names of the payers a breakdown may list, in Chinese and English. */
export const PAYER_NAMES: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  pooledFund: { zh: '统筹基金', en: 'pooled fund' },
  criticalIllness: { zh: '大病保险', en: 'critical-illness insurance' },
  largeAmount: { zh: '大额医疗费用补助', en: 'large-amount subsidy' },
  civilServant: { zh: '公务员医疗补助', en: 'civil-servant subsidy' },
  medicalAssistance: { zh: '医疗救助', en: 'medical assistance' },
  tiltAssistance: { zh: '倾斜救助', en: 'tilt assistance' },
  inclusiveCommercial: { zh: '惠民保', en: 'inclusive commercial insurance' },
};

export function payerName(payer: string): { zh: string; en: string } {
  return PAYER_NAMES[payer] ?? { zh: payer, en: payer };
}
