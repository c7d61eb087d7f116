// Time flags: the phone's clock far from the server's (手机时间异常), install steps dated after the day of receipt
// (日期在未来) or before the 国家反诈中心 app existed (早于APP上线), records claiming a week whose ranking was already
// cut (跨周补录), and visits at night (夜间走访). All dates and hours are China time.
import { WEEK_MS, chinaDate, chinaDayStart, chinaWeekStart, formatChinaTime } from '@core/china-time'
import { APP_LAUNCH_DATE } from '@core/app-launch'
import type { FactsOf, FlagDraft, RecordFacts } from './facts'
import type { FlagSettings } from './settings'

// Install records dated before it are refused on arrival now; the flag still marks those stored earlier.
export { APP_LAUNCH_DATE }

const MINUTE_MS = 60_000

function clockSkew(r: RecordFacts, s: FlagSettings): FlagDraft | null {
  const skewMs = r.deviceTime - r.receivedAt
  const direction = skewMs > s.time.maxAheadMs ? 'ahead' : -skewMs > s.time.maxBehindMs ? 'behind' : null
  if (!direction) return null
  const limitMs = direction === 'ahead' ? s.time.maxAheadMs : s.time.maxBehindMs
  return { recordId: r.id, kind: 'clock_skew', evidence: { skewMs, direction, limitMs, deviceTime: r.deviceTime, receivedAt: r.receivedAt } }
}

/** 日期在未来 and 早于APP上线: the steps whose date lies after the China day of receipt, or before the launch. */
function installDates(r: FactsOf<'install'>): FlagDraft[] {
  const receivedOn = chinaDate(r.receivedAt)
  const future = r.body.steps.filter((st) => st.doneOn > receivedOn)
  const early = r.body.steps.filter((st) => st.doneOn < APP_LAUNCH_DATE)
  const steps = (list: typeof future) => list.map(({ step, doneOn }) => ({ step, doneOn }))
  return [
    ...(future.length ? [{ recordId: r.id, kind: 'future_date' as const, evidence: { steps: steps(future), receivedOn } }] : []),
    ...(early.length ? [{ recordId: r.id, kind: 'before_app' as const, evidence: { steps: steps(early), appLaunchDate: APP_LAUNCH_DATE } }] : []),
  ]
}

/**
 * 跨周补录: the record says it happened in a China week (Monday to Sunday) whose ranking had been cut before it
 * arrived; a week's ranking counts what was received before the next Monday 00:00 (figuresAt in services/rankings).
 * Example: occurred Sunday 23:50, received Monday 00:05: flagged; occurred Monday 00:01, received Monday 00:05: not.
 */
function backdated(r: RecordFacts): FlagDraft | null {
  const weekStart = chinaWeekStart(r.occurredAt)
  const cutAt = weekStart + WEEK_MS
  if (r.receivedAt < cutAt) return null
  return {
    recordId: r.id,
    kind: 'backdated',
    evidence: { occurredAt: r.occurredAt, receivedAt: r.receivedAt, occurredWeek: chinaDate(weekStart), cutAt, lateMs: r.receivedAt - cutAt },
  }
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/** 夜间走访: a visit from night.fromMinute (included) to night.toMinute (excluded). Default 22:00 is night, 21:59 not. */
function night(r: FactsOf<'visit'>, s: FlagSettings): FlagDraft | null {
  const { fromMinute, toMinute } = s.time.night
  const minute = Math.floor((r.occurredAt - chinaDayStart(r.occurredAt)) / MINUTE_MS)
  const atNight = fromMinute <= toMinute ? minute >= fromMinute && minute < toMinute : minute >= fromMinute || minute < toMinute
  if (!atNight) return null
  return { recordId: r.id, kind: 'night', evidence: { visitedAt: formatChinaTime(r.occurredAt), from: clock(fromMinute), to: clock(toMinute) } }
}

export function timeFlags(arrived: readonly RecordFacts[], s: FlagSettings): FlagDraft[] {
  const drafts: FlagDraft[] = []
  for (const r of arrived) {
    const found = [clockSkew(r, s), backdated(r), ...(r.kind === 'install' ? installDates(r) : []), r.kind === 'visit' ? night(r, s) : null]
    for (const d of found) if (d) drafts.push(d)
  }
  return drafts
}
