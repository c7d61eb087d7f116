// Calendar maths in China time (Asia/Shanghai, UTC+8, no daylight saving) independent of the host's timezone.

const HOUR = 3600_000
const DAY = 24 * HOUR
const CHINA_OFFSET = 8 * HOUR

/** Start (as epoch ms) of the Monday-based week containing `ms`, in China time. */
export function chinaWeekStart(ms: number): number {
  const local = ms + CHINA_OFFSET
  const dayIndex = Math.floor(local / DAY)
  // 1970-01-01 was a Thursday: (dayIndex + 3) % 7 is 0 on Mondays.
  const sinceMonday = (((dayIndex + 3) % 7) + 7) % 7
  return (dayIndex - sinceMonday) * DAY - CHINA_OFFSET
}

/** Start of the China-time calendar day containing `ms`. */
export function chinaDayStart(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET
}

/** Whole China-time calendar days from `fromMs` to `toMs` (0 when on the same day). */
export function chinaDaysBetween(fromMs: number, toMs: number): number {
  return Math.round((chinaDayStart(toMs) - chinaDayStart(fromMs)) / DAY)
}

/** The calendar year in China time at `ms` (ages 16–60 are counted from birth years against it). */
export function chinaYear(ms: number): number {
  return new Date(ms + CHINA_OFFSET).getUTCFullYear()
}

/** "2026-11-23 14:05" in China time. */
export function formatChinaTime(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
