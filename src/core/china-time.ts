// Calendar maths in China time (Asia/Shanghai, UTC+8, no daylight saving) independent of the host's timezone:
// the one place the +08:00 offset is written (the server's SQL week boundary is built from it too).

export const HOUR_MS = 3600_000
export const DAY_MS = 24 * HOUR_MS
export const WEEK_MS = 7 * DAY_MS
export const CHINA_OFFSET_MS = 8 * HOUR_MS

/**
 * Shifting epoch ms by this puts every China-time Monday 00:00 on a multiple of WEEK_MS: 1970-01-01 was a
 * Thursday, three days after a Monday. chinaWeekStart and its SQL twin (server/src/services/grid-tallies.ts) use it.
 */
export const CHINA_WEEK_SHIFT_MS = CHINA_OFFSET_MS + 3 * DAY_MS

/** Start (as epoch ms) of the Monday-based week containing `ms`, in China time. */
export function chinaWeekStart(ms: number): number {
  return Math.floor((ms + CHINA_WEEK_SHIFT_MS) / WEEK_MS) * WEEK_MS - CHINA_WEEK_SHIFT_MS
}

/** Start of the China-time calendar day containing `ms`. */
export function chinaDayStart(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS
}

/** Whole China-time calendar days from `fromMs` to `toMs` (0 when on the same day). */
export function chinaDaysBetween(fromMs: number, toMs: number): number {
  return Math.round((chinaDayStart(toMs) - chinaDayStart(fromMs)) / DAY_MS)
}

/** The calendar year in China time at `ms` (ages 16–60 are counted from birth years against it). */
export function chinaYear(ms: number): number {
  return new Date(ms + CHINA_OFFSET_MS).getUTCFullYear()
}

/** YYYY-MM-DD of the China-time day containing `ms`. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** Epoch ms of 00:00 China time on a YYYY-MM-DD date. */
export function chinaDateStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS
}

/** YYYY-MM of the China-time month containing `ms`. */
export function chinaMonth(ms: number): string {
  return chinaDate(ms).slice(0, 7)
}

/** Epoch ms of 00:00 China time on the 1st of a month (1–12; 13 is January of the next year). */
export function chinaMonthStart(year: number, month: number): number {
  return Date.UTC(year, month - 1, 1) - CHINA_OFFSET_MS
}

/** "2026-11-23 14:05" in China time. */
export function formatChinaTime(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
