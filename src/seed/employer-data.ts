/**
 * Demo employers (参保单位): invented names in the style of each district's real industries —
 * ceramics and refractories in 淄川, glass, pumps and 琉璃 in 博山, petrochemicals in 临淄, silk in
 * 周村, paper in 桓台, cattle in 高青; textiles and children's wear in 吴兴/织里, wood flooring and
 * lifts in 南浔, pianos and geo-information in 德清, batteries in 长兴, bamboo and office chairs in 安吉.
 *
 * `kind` picks the USCC registration prefix: 91 enterprise, 92 individual business (个体工商户),
 * 93 farmers' cooperative, 11 government agency (机关, whose staff also join 320 公务员医疗补助),
 * 12 public institution (事业单位).
 */
import type { EmployerSizeClass } from './demo-types.js';

export type EmployerKind = 'enterprise' | 'individual' | 'cooperative' | 'agency' | 'institution';

export interface EmployerSource {
  readonly district: string;
  readonly name: string;
  readonly sizeClass: EmployerSizeClass;
  readonly industry: string;
  readonly kind: EmployerKind;
}

const MFG = '制造业';
const TRADE = '批发和零售业';
const BUILD = '建筑业';
const TRANSPORT = '交通运输、仓储和邮政业';
const FOOD = '住宿和餐饮业';
const IT = '信息传输、软件和信息技术服务业';
const FINANCE = '金融业';
const ESTATE = '房地产业';
const BUSINESS = '租赁和商务服务业';
const SCIENCE = '科学研究和技术服务业';
const SERVICE = '居民服务、修理和其他服务业';
const EDUCATION = '教育';
const CULTURE = '文化、体育和娱乐业';
const PUBLIC = '公共管理、社会保障和社会组织';
const FARM = '农、林、牧、渔业';
const UTILITY = '电力、热力、燃气及水生产和供应业';

function e(
  district: string,
  name: string,
  sizeClass: EmployerSizeClass,
  industry: string,
  kind: EmployerKind = 'enterprise',
): EmployerSource {
  return { district, name, sizeClass, industry, kind };
}

export const EMPLOYER_SOURCES: readonly EmployerSource[] = [
  // 淄博 张店区
  e('370303', '淄博鲁中制药有限公司', 'large', MFG),
  e('370303', '淄博鲁泰购物广场有限公司', 'medium', TRADE),
  e('370303', '淄博齐智信息技术有限公司', 'small', IT),
  e('370303', '淄博齐润物业管理有限公司', 'medium', ESTATE),
  e('370303', '淄博恒达物流有限公司', 'medium', TRANSPORT),
  e('370303', '淄博齐信村镇银行股份有限公司', 'medium', FINANCE),
  e('370303', '淄博齐鲁电力工程有限公司', 'medium', UTILITY),
  e('370303', '淄博泰和会计师事务所有限公司', 'small', BUSINESS),
  e('370303', '淄博华坤检测技术有限公司', 'small', SCIENCE),
  e('370303', '淄博联通路商贸有限公司', 'micro', TRADE),
  e('370303', '张店区柳泉路老周家小吃店', 'micro', FOOD, 'individual'),
  e('370303', '淄博市张店区教育局', 'medium', PUBLIC, 'agency'),
  e('370303', '淄博市张店区卫生健康局', 'small', PUBLIC, 'agency'),
  e('370303', '淄博市张店区第八中学', 'medium', EDUCATION, 'institution'),
  // 淄博 淄川区
  e('370302', '淄博淄川建陶有限公司', 'large', MFG),
  e('370302', '淄博般阳耐火材料有限公司', 'medium', MFG),
  e('370302', '淄博双杨建筑工程有限公司', 'medium', BUILD),
  e('370302', '淄川区松龄路书香文具店', 'micro', TRADE, 'individual'),
  e('370302', '淄博市淄川区财政局', 'small', PUBLIC, 'agency'),
  // 淄博 博山区
  e('370304', '淄博博山水泵制造有限公司', 'large', MFG),
  e('370304', '淄博晶华玻璃有限公司', 'medium', MFG),
  e('370304', '淄博博山琉璃艺术品有限公司', 'small', MFG),
  e('370304', '博山区域城镇老李家酥锅店', 'micro', FOOD, 'individual'),
  e('370304', '淄博市博山区人力资源和社会保障局', 'small', PUBLIC, 'agency'),
  // 淄博 临淄区
  e('370305', '淄博齐鲁化工有限公司', 'large', MFG),
  e('370305', '淄博临淄石化设备安装有限公司', 'medium', BUILD),
  e('370305', '淄博齐都塑料制品有限公司', 'small', MFG),
  e('370305', '淄博齐文化旅游发展有限公司', 'small', CULTURE),
  e('370305', '临淄区桓公路齐风餐馆', 'micro', FOOD, 'individual'),
  e('370305', '淄博市临淄区卫生健康局', 'small', PUBLIC, 'agency'),
  // 淄博 周村区
  e('370306', '淄博周村丝绸纺织有限公司', 'large', MFG),
  e('370306', '淄博周村烧饼食品有限公司', 'medium', MFG),
  e('370306', '淄博周村古商城文化旅游有限公司', 'small', CULTURE),
  e('370306', '淄博市周村区教育和体育局', 'medium', PUBLIC, 'agency'),
  // 淄博 桓台县
  e('370321', '淄博桓台金诚造纸有限公司', 'large', MFG),
  e('370321', '桓台县马桥精细化工有限公司', 'medium', MFG),
  e('370321', '桓台县索镇顺发汽车修理部', 'micro', SERVICE, 'individual'),
  e('370321', '桓台县人民政府办公室', 'small', PUBLIC, 'agency'),
  // 淄博 高青县
  e('370322', '高青县芦湖黑牛养殖专业合作社', 'small', FARM, 'cooperative'),
  e('370322', '淄博高青黄河农产品有限公司', 'small', TRADE),
  e('370322', '高青县农业农村局', 'small', PUBLIC, 'agency'),
  // 淄博 沂源县
  e('370323', '沂源瑞康制药有限公司', 'large', MFG),
  e('370323', '沂源县鲁山果品销售有限公司', 'small', TRADE),
  e('370323', '沂源县南麻街道惠民便利店', 'micro', TRADE, 'individual'),
  e('370323', '沂源县教育和体育局', 'medium', PUBLIC, 'agency'),
  // 湖州 吴兴区
  e('330502', '湖州南太湖纺织有限公司', 'large', MFG),
  e('330502', '湖州织里童装制造有限公司', 'medium', MFG),
  e('330502', '湖州苕溪物流有限公司', 'medium', TRANSPORT),
  e('330502', '湖州红旗路百货有限公司', 'medium', TRADE),
  e('330502', '湖州南太湖软件科技有限公司', 'small', IT),
  e('330502', '湖州太湖村镇银行股份有限公司', 'medium', FINANCE),
  e('330502', '湖州吴兴衣裳街茶馆', 'micro', FOOD, 'individual'),
  e('330502', '湖州市吴兴区教育局', 'medium', PUBLIC, 'agency'),
  e('330502', '湖州市吴兴区卫生健康局', 'small', PUBLIC, 'agency'),
  e('330502', '湖州市吴兴实验中学', 'medium', EDUCATION, 'institution'),
  // 湖州 南浔区
  e('330503', '湖州南浔木地板有限公司', 'large', MFG),
  e('330503', '湖州南浔电梯部件有限公司', 'medium', MFG),
  e('330503', '湖州善琏湖笔有限公司', 'small', MFG),
  e('330503', '湖州南浔古镇文化旅游有限公司', 'medium', CULTURE),
  e('330503', '南浔区双林镇阿强羊肉面馆', 'micro', FOOD, 'individual'),
  e('330503', '湖州市南浔区人力资源和社会保障局', 'small', PUBLIC, 'agency'),
  // 湖州 德清县
  e('330521', '德清洛舍钢琴制造有限公司', 'medium', MFG),
  e('330521', '浙江德清地理信息科技有限公司', 'medium', IT),
  e('330521', '德清莫干山民宿管理有限公司', 'small', FOOD),
  e('330521', '德清县新市镇丝绵加工部', 'micro', MFG, 'individual'),
  e('330521', '德清县财政局', 'small', PUBLIC, 'agency'),
  // 湖州 长兴县
  e('330522', '长兴新能蓄电池有限公司', 'large', MFG),
  e('330522', '长兴太湖建设工程有限公司', 'medium', BUILD),
  e('330522', '长兴县紫砂工艺品有限公司', 'small', MFG),
  e('330522', '长兴县雉城街道明珠便利店', 'micro', TRADE, 'individual'),
  e('330522', '长兴县教育局', 'medium', PUBLIC, 'agency'),
  // 湖州 安吉县
  e('330523', '安吉竹海竹制品有限公司', 'large', MFG),
  e('330523', '安吉昌硕办公家具有限公司', 'large', MFG),
  e('330523', '安吉溪龙白茶专业合作社', 'small', FARM, 'cooperative'),
  e('330523', '安吉余村乡村旅游有限公司', 'small', CULTURE),
  e('330523', '安吉县递铺街道竹乡农家乐饭店', 'micro', FOOD, 'individual'),
  e('330523', '安吉县卫生健康局', 'small', PUBLIC, 'agency'),
];

export const USCC_PREFIX: Readonly<Record<EmployerKind, string>> = {
  enterprise: '91',
  individual: '92',
  cooperative: '93',
  agency: '11',
  institution: '12',
};

/** relative share of employees an employer of each size receives */
export const SIZE_WEIGHT: Readonly<Record<EmployerSizeClass, number>> = {
  large: 10,
  medium: 4,
  small: 1.5,
  micro: 0.5,
};
