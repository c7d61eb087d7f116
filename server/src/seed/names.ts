// Realistic Chinese personal, place and doorplate names for demo data, generated from a seeded PRNG.
import type { Prng } from './prng'

export type Gender = 'M' | 'F'

/** Common surnames with rough population shares (per mille), so 王/李/张 dominate as they do in reality. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 26], ['赵', 23], ['吴', 20],
  ['周', 19], ['徐', 15], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 13], ['郭', 12], ['何', 12], ['林', 11],
  ['高', 11], ['罗', 10], ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 6], ['邓', 6],
  ['冯', 6], ['曹', 6], ['彭', 6], ['曾', 6], ['肖', 6], ['田', 5], ['董', 5], ['潘', 5], ['袁', 5], ['蔡', 4],
  ['蒋', 4], ['余', 4], ['于', 4], ['杜', 4], ['叶', 4], ['程', 4], ['魏', 3], ['苏', 3], ['吕', 3], ['丁', 3],
  ['任', 3], ['卢', 3], ['姚', 3], ['沈', 3], ['钟', 3], ['姜', 3], ['崔', 3], ['谭', 3], ['陆', 3], ['范', 2],
  ['汪', 2], ['廖', 2], ['石', 2], ['金', 2], ['韦', 2], ['贾', 2], ['夏', 2], ['付', 2], ['方', 2], ['邹', 2],
  ['熊', 2], ['白', 2], ['孟', 2], ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2],
  ['段', 2], ['雷', 2], ['龙', 1], ['黎', 1], ['史', 1], ['陶', 1], ['贺', 1], ['毛', 1], ['郝', 1], ['顾', 1],
  ['龚', 1], ['邵', 1], ['万', 1], ['覃', 1], ['武', 1], ['钱', 1], ['戴', 1], ['严', 1], ['欧阳', 0.3],
]

type Era = 'old' | 'mid' | 'young'

/**
 * First and second characters of two-character given names by decade of birth and gender, paired so that
 * combinations read naturally (建国/桂兰 for grandparents, 子轩/梓涵 for children).
 */
const GIVEN: Record<Era, Record<Gender, { first: readonly string[]; second: readonly string[] }>> = {
  old: {
    M: { first: [...'建国卫志德福长保振树金春永有文家'], second: [...'国庆军东刚明生青华林山福才胜强兴'] },
    F: { first: [...'桂秀玉凤淑春翠素金月爱红冬'], second: [...'兰英珍花芳凤梅华琴香莲'] },
  },
  mid: {
    M: { first: [...'建志海晓永伟俊立学明国文春宏小红新德'], second: [...'华强涛东兵刚峰军亮平明波勇雷伟斌杰'] },
    F: { first: [...'丽晓海春小艳美秀红雪玉亚静慧翠彩'], second: [...'娟燕梅华红丽玲萍霞芳敏琴英静莉'] },
  },
  young: {
    M: { first: [...'子浩宇梓俊一博皓天思家铭睿奕明承嘉'], second: [...'轩然豪杰鸣文佑远泽辰航熙宇阳睿'] },
    F: { first: [...'梓欣诗雨可紫梦思语佳一若依沐子艺悦'], second: [...'涵怡桐馨萱琪彤嫣诺汐妍晴然菲瑶'] },
  },
}

function eraOf(birthYear: number): Era {
  if (birthYear < 1965) return 'old'
  return birthYear < 1995 ? 'mid' : 'young'
}

export function surname(prng: Prng): string {
  return prng.weighted(SURNAMES)
}

/** Mostly two characters; about one in seven is a single character (伟, 娟, 轩). */
export function givenName(prng: Prng, gender: Gender, birthYear: number): string {
  const { first, second } = GIVEN[eraOf(birthYear)][gender]
  const last = prng.pick(second)
  if (prng.chance(0.15)) return last
  const head = prng.pick(first)
  return head === last ? last : head + last
}

export function personName(prng: Prng, gender: Gender, birthYear: number, familyName?: string): string {
  return (familyName ?? surname(prng)) + givenName(prng, gender, birthYear)
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '180', '181', '182', '183', '186', '187', '188', '189']

/** An 11-digit mainland mobile number starting 13x/15x/18x. */
export function mobilePhone(prng: Prng): string {
  return prng.pick(MOBILE_PREFIXES) + String(prng.int(0, 99_999_999)).padStart(8, '0')
}

const PLACE_SUFFIXES = ['社区', '街道', '村', '镇', '乡']
const ORDINALS = [...'二三四五六七八九十']

/** "幸福村" → "幸福二村": how real places with a clashing name are told apart. */
function withOrdinal(name: string, n: number): string {
  const suffix = PLACE_SUFFIXES.find((s) => name.endsWith(s)) ?? ''
  const ordinal = ORDINALS[n - 2] ?? String(n)
  return name.slice(0, name.length - suffix.length) + ordinal + suffix
}

/** Retries a generator until it yields a name not yet in `used`, then falls back to an ordinal variant. */
export function uniqueName(prng: Prng, used: Set<string>, generate: (prng: Prng) => string): string {
  let name = generate(prng)
  for (let i = 0; i < 50 && used.has(name); i++) name = generate(prng)
  const base = name
  for (let n = 2; used.has(name); n++) name = withOrdinal(base, n)
  used.add(name)
  return name
}

export type TownKind = '镇' | '乡' | '街道'

const TOWN_ROOTS = ['青山', '河东', '白沙', '石桥', '龙泉', '柳林', '双河', '新店', '马坊', '清水', '高坪', '桃源', '金溪', '临江', '永兴', '太平', '长安', '南关', '大河', '松林', '三合', '安乐', '凤凰', '望城', '铁佛', '花园', '云台', '黄土岭', '东城', '西城']

/** A town-level name; `kind` decides 镇/乡/街道, and the county seat is traditionally 城关镇. */
export function townName(prng: Prng, kind: TownKind, isCountySeat: boolean): string {
  if (isCountySeat) return '城关镇'
  return prng.pick(TOWN_ROOTS) + kind
}

const VIRTUE_ROOTS = ['幸福', '和平', '新华', '红星', '光明', '向阳', '团结', '胜利', '前进', '东风', '建设', '民主', '新民', '永安', '长兴', '太平', '丰收', '五星', '红旗', '金星', '友谊', '联合', '复兴', '兴旺', '富民', '和谐']
const NATURE_ROOTS = ['石桥', '柳树', '桃园', '杏花', '松林', '枫树', '竹园', '梨园', '白沙', '黄土', '青龙', '白马', '双河', '三合', '马鞍', '龙泉', '清水', '大坪', '小河', '高峰', '石门', '杨柳', '荷塘', '鹿鸣']
const CLAN_FEATURES = ['湾', '庄', '坪', '沟', '岭', '坝', '畈', '寨', '河', '桥', '店', '岗', '冲']
const COMMUNITY_ROOTS = ['红星', '东城', '西城', '南街', '北街', '新城', '滨河', '文化', '人民', '城南', '城北', '锦江', '东门', '西门', '建设', '幸福', '和平', '解放', '朝阳', '花园', '翠苑', '金桥']

/** A village name such as 幸福村, 石桥村 or 李家湾村. */
export function villageName(prng: Prng): string {
  const roll = prng.next()
  if (roll < 0.35) return prng.pick(VIRTUE_ROOTS) + '村'
  if (roll < 0.65) return prng.pick(NATURE_ROOTS) + '村'
  return `${surname(prng).slice(0, 1)}家${prng.pick(CLAN_FEATURES)}村`
}

/** A residents' community name such as 红星社区. */
export function communityName(prng: Prng): string {
  return prng.pick(COMMUNITY_ROOTS) + '社区'
}

export function gridName(index: number): string {
  return `第${index}网格`
}

/** Hands out a village's or community's doorplates in walking order; grids take consecutive runs. */
export type DoorplateCursor = () => string

/** Rural doorplates: "幸福村3组12号", groups of 25–60 houses, with the odd number skipped. */
export function villageDoorplates(prng: Prng, village: string): DoorplateCursor {
  let group = 1
  let housesLeft = prng.int(25, 60)
  let number = 0
  return () => {
    if (housesLeft === 0) {
      group++
      housesLeft = prng.int(25, 60)
      number = 0
    }
    housesLeft--
    number += prng.chance(0.1) ? prng.int(2, 4) : 1
    return `${village}${group}组${number}号`
  }
}

interface Building {
  units: number
  floors: number
  roomsPerFloor: number
}

function newBuilding(prng: Prng): Building {
  const highRise = prng.chance(0.35)
  return {
    units: prng.int(1, 4),
    floors: highRise ? prng.int(11, 18) : prng.int(5, 7),
    roomsPerFloor: highRise ? prng.int(2, 4) : 2,
  }
}

/** Urban doorplates: "红星社区5栋2单元301室"; about one flat in seven is left vacant. */
export function communityDoorplates(prng: Prng, community: string): DoorplateCursor {
  let buildingNo = 1
  let building = newBuilding(prng)
  let flat = -1 // index of the last flat handed out in the current building
  const advance = (): void => {
    flat++
    if (flat >= building.units * building.floors * building.roomsPerFloor) {
      buildingNo++
      building = newBuilding(prng)
      flat = 0
    }
  }
  return () => {
    do advance()
    while (prng.chance(0.15))
    const perUnit = building.floors * building.roomsPerFloor
    const unit = Math.floor(flat / perUnit) + 1
    const floor = Math.floor((flat % perUnit) / building.roomsPerFloor) + 1
    const room = (flat % building.roomsPerFloor) + 1
    return `${community}${buildingNo}栋${unit}单元${floor}${String(room).padStart(2, '0')}室`
  }
}
