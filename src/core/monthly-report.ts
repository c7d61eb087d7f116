// The monthly activity report (每月报送：文字、图片、数据): month boundaries in China time, the figure lines with their
// change from last month, and the default summary text. Shared by the server (draft and .docx) and the app.
import { chinaMonthStart } from './china-time'
import { coveragePct } from './coverage'
import type { ReportFigures } from './schemas/monthly-report'

// The report page still imports this from here; its home is china-time.
export { chinaMonth } from './china-time'

/** At most this many photos go into one report. */
export const REPORT_PHOTO_LIMIT = 6
export const REPORT_SUMMARY_MAX = 2000

export interface MonthRange {
  /** YYYY-MM */
  month: string
  /** Epoch ms of the 1st, 00:00 China time. */
  start: number
  /** Epoch ms of the next month's 1st, 00:00 China time. */
  end: number
}

/** "2026-11" → its range; null for anything that is not a real YYYY-MM month. */
export function parseMonth(month: string): MonthRange | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  return { month, start: chinaMonthStart(y, mo), end: chinaMonthStart(y, mo + 1) }
}

/** "2026-11" → "2026-10"; "2026-01" → "2025-12". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** "2026-11" → "2026年11月". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return `${y}年${m}月`
}

export type FigureKey =
  | 'households'
  | 'visited'
  | 'visitPct'
  | 'visits'
  | 'pledged'
  | 'pledgePct'
  | 'residents'
  | 'installedPct'
  | 'realNamePct'
  | 'warningOnPct'

export interface FigureLine {
  key: FigureKey
  label: string
  /** 户 / 人 / 次 for counts, % for rates (whose change is in 百分点). */
  unit: string
  current: number
  previous: number
  /** Null when there was no register at last month's end (nothing to compare with: not "0 → +5052户"). */
  change: number | null
}

const LINES: { key: FigureKey; label: string; unit: string; value: (f: ReportFigures) => number }[] = [
  { key: 'households', label: '总户数', unit: '户', value: (f) => f.households },
  { key: 'visited', label: '已走访户数', unit: '户', value: (f) => f.visited },
  { key: 'visitPct', label: '入户宣传率', unit: '%', value: (f) => coveragePct(f.visited, f.households) },
  { key: 'visits', label: '当月走访次数', unit: '次', value: (f) => f.visits },
  { key: 'pledged', label: '签订承诺书户数', unit: '户', value: (f) => f.pledged },
  { key: 'pledgePct', label: '承诺书签订率', unit: '%', value: (f) => coveragePct(f.pledged, f.households) },
  { key: 'residents', label: '16–60周岁人数', unit: '人', value: (f) => f.residents },
  { key: 'installedPct', label: '国家反诈中心APP安装率', unit: '%', value: (f) => coveragePct(f.installed, f.residents) },
  { key: 'realNamePct', label: '实名注册率', unit: '%', value: (f) => coveragePct(f.realName, f.residents) },
  { key: 'warningOnPct', label: '预警功能开启率', unit: '%', value: (f) => coveragePct(f.warningOn, f.residents) },
]

/** One decimal, so 40.1 − 38.2 is 1.9 and not 1.8999999999999986. */
const round1 = (n: number) => Math.round(n * 10) / 10

/** Last month counts only if the area had households on its register at that month's end. */
export function hasPreviousMonth(previous: ReportFigures): boolean {
  return previous.households > 0
}

/** The figures table: this month, last month and the change, rates in percent and their change in 百分点. */
export function figureLines(current: ReportFigures, previous: ReportFigures): FigureLine[] {
  const compare = hasPreviousMonth(previous)
  return LINES.map(({ key, label, unit, value }) => {
    const c = value(current)
    const p = value(previous)
    return { key, label, unit, current: c, previous: p, change: compare ? round1(c - p) : null }
  })
}

/** "+1.9个百分点", "-3户", "持平"; "—" with nothing to compare with. */
export function changeText(line: Pick<FigureLine, 'unit' | 'change'>): string {
  if (line.change === null) return '—'
  if (line.change === 0) return '持平'
  const sign = line.change > 0 ? '+' : ''
  return `${sign}${line.change}${line.unit === '%' ? '个百分点' : line.unit}`
}

/** "，较上月提高1.9个百分点" / "，较上月下降2户" / "，与上月持平"; nothing with no last month to compare with. */
function trend(line: FigureLine): string {
  if (line.change === null) return ''
  if (line.change === 0) return '，与上月持平'
  const unit = line.unit === '%' ? '个百分点' : line.unit
  return `，较上月${line.change > 0 ? '提高' : '下降'}${Math.abs(line.change)}${unit}`
}

/** A residents' community (社区, 居委会) is urban: its households are 住户, a village's 农户. */
const URBAN_NAME = /(社区|居委会|居民委员会|居民区|小区)$/

/**
 * What the summary calls the area's households: 农户 when every village (村) in it is rural, 住户 when any is an urban
 * community (社区), as in a 街道 or a town seat.
 */
export function householdWord(villageNames: readonly string[]): '住户' | '农户' {
  return villageNames.length > 0 && villageNames.every((n) => !URBAN_NAME.test(n.trim())) ? '农户' : '住户'
}

export interface SummaryInput {
  areaName: string
  month: string
  current: ReportFigures
  previous: ReportFigures
  /** Material id → name, for the hand-outs sentence. */
  materials: { id: string; name: string }[]
  /** 住户 or 农户 (householdWord). */
  householdWord: '住户' | '农户'
}

/** The draft 工作总结 an official edits: one paragraph of figures, one of hand-outs, one left for their own words. */
export function defaultSummary({ areaName, month, current, previous, materials, householdWord: word }: SummaryInput): string {
  const line = new Map(figureLines(current, previous).map((l) => [l.key, l]))
  const v = (k: FigureKey) => line.get(k)!
  // Hand-outs are cumulative: with no last month, this month's are all of them.
  const before = hasPreviousMonth(previous) ? previous.handouts : {}
  const handedOut = materials.filter((m) => (current.handouts[m.id] ?? 0) - (before[m.id] ?? 0) > 0)
  const paragraphs = [
    `${monthLabel(month)}，${areaName}持续开展反电信网络诈骗入户宣传。本月共走访${word}${v('visits').current}户次；截至月底，` +
      `累计走访${v('visited').current}户（总户数${v('households').current}户），入户宣传率${v('visitPct').current}%${trend(v('visitPct'))}；` +
      `签订承诺书${v('pledged').current}户，签订率${v('pledgePct').current}%${trend(v('pledgePct'))}。`,
    `16–60周岁重点人群${v('residents').current}人中，国家反诈中心APP安装率${v('installedPct').current}%${trend(v('installedPct')) ? `（${trend(v('installedPct')).slice(1)}）` : ''}，` +
      `实名注册率${v('realNamePct').current}%，预警功能开启率${v('warningOnPct').current}%。`,
  ]
  if (handedOut.length) {
    const items = handedOut.map((m) => `${m.name}${(current.handouts[m.id] ?? 0) - (before[m.id] ?? 0)}份`)
    paragraphs.push(`本月发放宣传资料：${items.join('、')}。`)
  }
  paragraphs.push('下一步，将继续做到“村不漏户、户不漏人”，对未走访户逐户上门，推动APP安装注册和预警功能开启。')
  return paragraphs.join('\n')
}
