// What an automatic flag saw, in one plain Chinese sentence for the officials' review queue. The kinds and their
// labels are core/flags.ts; a kind this version does not know shows its own name and no sentence beyond it.
import { INSTALL_STEP_LABEL, type InstallStep } from './schemas/install'
import { formatChinaTime } from './china-time'
import { FLAG_KIND_LABEL } from './flags'

type Evidence = Record<string, unknown>

export function flagLabel(kind: string): string {
  return (FLAG_KIND_LABEL as Record<string, string>)[kind] ?? kind
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const time = (v: unknown): string => (num(v) === null ? '' : formatChinaTime(num(v)!))
const days = (ms: unknown): string => (num(ms) === null ? '' : `${Math.round(Math.abs(num(ms)!) / 86_400_000)}天`)

function steps(v: unknown): string {
  if (!Array.isArray(v)) return ''
  return v
    .map((s: { step?: string; doneOn?: string }) => `${INSTALL_STEP_LABEL[s.step as InstallStep] ?? s.step}（${s.doneOn ?? ''}）`)
    .join('、')
}

const SENTENCES: Record<string, (e: Evidence) => string> = {
  reused_screenshot: (e) =>
    e.match === 'same_file'
      ? '这张截图与另一位居民的安装记录用的是同一个文件，请对照两张图核实。'
      : '这张截图与另一位居民安装记录的截图几乎一样（可能是同一张图另存、缩放或裁剪），请对照两张图核实。',
  pace: (e) => `同一网格员在 ${num(e.windowMinutes) ?? ''} 分钟内登记了 ${num(e.households) ?? ''} 户走访（一般不超过 ${num(e.limit) ?? ''} 户），从 ${time(e.firstAt)} 到 ${time(e.lastAt)}。`,
  same_point: (e) => `同一网格员在同一地点（${num(e.radiusM) ?? ''} 米范围内）登记了 ${num(e.households) ?? ''} 户走访。`,
  outside_grid: (e) => `走访定位离本网格中心约 ${num(e.distanceM) ?? ''} 米，超出网格范围（约 ${num(e.radiusM) ?? ''} 米）。`,
  gps_accuracy: (e) =>
    e.reason === 'accuracy_missing' ? '走访定位没有精度信息，可能不是手机实际定位。' : e.reason === 'whole_degrees' ? '走访定位是整数经纬度，像是手工填写的。' : '走访定位精度高得不正常，可能不是手机实际定位。',
  clock_skew: (e) => `登记手机的时间与服务器相差约 ${days(e.skewMs)}（手机时间${e.direction === 'ahead' ? '偏快' : '偏慢'}），记录上的日期可能不准。`,
  future_date: (e) => `安装步骤的日期晚于收到记录的日期（${String(e.receivedOn ?? '')}）：${steps(e.steps)}。`,
  before_app: (e) => `安装步骤的日期早于国家反诈中心APP上线（${String(e.appLaunchDate ?? '')}）：${steps(e.steps)}。`,
  backdated: (e) => `记录所说的时间在上周（${time(e.occurredAt)}），本周才收到，上周排名已截止。`,
  night: (e) => `走访时间在夜间（${String(e.visitedAt ?? '')}）。`,
  duplicate_person: (e) => `疑似同一人重复登记：${Array.isArray(e.names) ? e.names.join('、') : ''}。`,
}

export function describeFlag(kind: string, evidence: Evidence): string {
  const sentence = SENTENCES[kind]
  return sentence ? sentence(evidence) : flagLabel(kind)
}
