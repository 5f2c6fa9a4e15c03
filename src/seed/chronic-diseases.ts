/**
 * Outpatient chronic and special diseases (门诊慢特病) named in the source documents — 淄博's 10
 * measures (高血压, 糖尿病, 恶性肿瘤门诊放化疗, 尿毒症透析, 器官移植术后抗排异) and 湖州's long-
 * prescription list (肺结核, 冠心病, 支气管哮喘, 慢性肾脏病, 慢性阻塞性肺疾病, 慢性肝病, 帕金森病,
 * 类风湿关节炎, 阿尔茨海默病, 精神分裂症) — plus common ones every region lists.
 *
 * Codes follow the national 门诊慢特病病种 coding, M + 5 digits (M03900 高血压, M01600 糖尿病).
 * Most are the codes seen in provincial systems; 阿尔茨海默病 M02200 is invented in the same style.
 * They are plausible, not authoritative.
 */
import type { DemoChronicDisease } from './demo-types.js';

export interface ChronicDiseaseSource extends DemoChronicDisease {
  /** relative prevalence among people holding a chronic-disease qualification */
  readonly weight: number;
  /** youngest age at which the demo assigns it */
  readonly minAge: number;
}

export const CHRONIC_DISEASES: readonly ChronicDiseaseSource[] = [
  { code: 'M03900', name: '高血压', weight: 400, minAge: 30 },
  { code: 'M01600', name: '糖尿病', weight: 280, minAge: 25 },
  { code: 'M04600', name: '冠心病', weight: 120, minAge: 40 },
  { code: 'M05300', name: '慢性阻塞性肺疾病', weight: 60, minAge: 45 },
  { code: 'M04803', name: '脑血管病后遗症', weight: 60, minAge: 45 },
  { code: 'M00503', name: '恶性肿瘤门诊放化疗', weight: 40, minAge: 30 },
  { code: 'M07803', name: '尿毒症透析', weight: 15, minAge: 25 },
  { code: 'M08300', name: '器官移植术后抗排异治疗', weight: 5, minAge: 25 },
  { code: 'M04301', name: '慢性心力衰竭', weight: 30, minAge: 50 },
  { code: 'M06900', name: '类风湿性关节炎', weight: 20, minAge: 30 },
  { code: 'M02300', name: '帕金森病', weight: 15, minAge: 55 },
  { code: 'M02101', name: '精神分裂症', weight: 15, minAge: 18 },
  { code: 'M05400', name: '支气管哮喘', weight: 20, minAge: 5 },
  { code: 'M00105', name: '活动性肺结核', weight: 5, minAge: 18 },
  { code: 'M00201', name: '慢性乙型肝炎', weight: 20, minAge: 20 },
  { code: 'M06201', name: '肝硬化(失代偿期)', weight: 5, minAge: 40 },
  { code: 'M07800', name: '慢性肾脏病(非透析)', weight: 10, minAge: 35 },
  { code: 'M02200', name: '阿尔茨海默病', weight: 10, minAge: 65 },
  { code: 'M01102', name: '再生障碍性贫血', weight: 2, minAge: 10 },
  { code: 'M02500', name: '癫痫', weight: 10, minAge: 3 },
  { code: 'M07101', name: '系统性红斑狼疮', weight: 5, minAge: 15 },
];
