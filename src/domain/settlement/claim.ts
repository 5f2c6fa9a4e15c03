import type { BasisPoints, Fen } from '../money/fen.js';
import type { BenefitKind, CrossRegionStatus } from '../policy/policy.js';

/** One fee line as the engine sees it: the catalogue facts travel with the line. */
export interface FeeLine {
  readonly lineNo: number;
  readonly code: string;
  readonly name: string;
  /** quantity in ten-thousandths: 1 box = 10000, half a box = 5000 */
  readonly quantity10k: number;
  readonly unitPrice: Fen;
  /** 'none' = not in the catalogue at all */
  readonly itemClass: 'A' | 'B' | 'C' | 'none';
  /** the item's own first self-pay ratio (class B), when the catalogue gives one */
  readonly firstSelfPay?: BasisPoints;
  /** payment standard per unit; a price above it is over-limit self-pay */
  readonly paymentStandard?: Fen;
  /** a policy special class such as specialExam or importedImplant */
  readonly specialClass?: string;
  readonly negotiated?: boolean;
  /** bed, nursing …: service categories a benefit may charge at a fraction */
  readonly serviceCategory?: string;
  /** inclusive commercial insurance lists: specificDrug (目录外特定药品), specialDrug (特药) */
  readonly commercialList?: 'specificDrug' | 'specialDrug';
  readonly restrictions?: {
    readonly sex?: 'M' | 'F';
    readonly ageMin?: number;
    readonly ageMax?: number;
    readonly minLevel?: number;
  };
}

export interface Claim {
  readonly benefit: BenefitKind;
  readonly serviceDate: string;
  /** 1–3; 0 for institutions without a level */
  readonly institutionLevel: number;
  readonly person: {
    readonly category: string;
    readonly age: number;
    readonly sex: 'M' | 'F';
    readonly assistanceCategories?: readonly string[];
    readonly crossRegion?: CrossRegionStatus;
    /** civilServant, huiminbao …: matched by policy conditions' flags */
    readonly flags?: readonly string[];
  };
  readonly lines: readonly FeeLine[];
  /** pay the person's share from personal accounts (own, then mutual-aid relatives) */
  readonly useAccount?: boolean;
}

/** Year-to-date accumulators and the personal accounts the claim may draw on. */
export interface SettlementState {
  /** accumulator key → amount in fen, or a count */
  readonly accumulators: Readonly<Record<string, number>>;
  readonly accounts?: readonly { readonly owner: string; readonly balance: Fen }[];
}
