import { chinaDate, chinaDateStart, chinaDaysBetween, chinaMonth, chinaMonthStart, chinaWeekStart, chinaYear, formatChinaTime } from '../../../src/core/china-time'

describe('China-time calendar', () => {
  it('starts the week on Monday 00:00 Beijing time, whatever the host timezone', () => {
    // Sunday 2026-11-22 23:30 Beijing = 15:30 UTC: still the week of Monday 2026-11-16.
    expect(new Date(chinaWeekStart(Date.UTC(2026, 10, 22, 15, 30))).toISOString()).toBe('2026-11-15T16:00:00.000Z')
    // Monday 2026-11-23 00:10 Beijing = Sunday 16:10 UTC: the new week already.
    expect(new Date(chinaWeekStart(Date.UTC(2026, 10, 22, 16, 10))).toISOString()).toBe('2026-11-22T16:00:00.000Z')
  })

  it('counts calendar days in China, not 24-hour spans', () => {
    const lateEvening = Date.UTC(2026, 10, 22, 15, 50) // 23:50 Beijing
    const nextMorning = Date.UTC(2026, 10, 22, 16, 20) // 00:20 Beijing next day
    expect(chinaDaysBetween(lateEvening, nextMorning)).toBe(1)
    expect(chinaDaysBetween(nextMorning, nextMorning + 3600_000)).toBe(0)
  })

  it('formats in Beijing time', () => {
    expect(formatChinaTime(Date.UTC(2026, 10, 22, 16, 5))).toBe('2026-11-23 00:05')
  })

  it('turns the year at midnight Beijing time', () => {
    expect(chinaYear(Date.UTC(2026, 11, 31, 15, 59))).toBe(2026) // 23:59 on 12-31 in Beijing
    expect(chinaYear(Date.UTC(2026, 11, 31, 16, 0))).toBe(2027) // 00:00 on 01-01 in Beijing, still 2026 in UTC
  })

  it('names days and months in Beijing time, and back', () => {
    const justAfterMidnight = Date.UTC(2026, 10, 30, 16, 1) // 00:01 on 12-01 in Beijing
    expect(chinaDate(justAfterMidnight)).toBe('2026-12-01')
    expect(chinaMonth(justAfterMidnight)).toBe('2026-12')
    expect(chinaDateStart('2026-12-01')).toBe(Date.UTC(2026, 10, 30, 16))
    expect(chinaMonthStart(2026, 13)).toBe(chinaDateStart('2027-01-01'))
  })

  it('puts every day of a week on the same Monday, for weeks long before and after the epoch', () => {
    for (const monday of ['1969-12-29', '2026-11-16', '2038-01-18']) {
      const start = chinaDateStart(monday)
      for (let h = 0; h < 7 * 24; h += 5) expect(chinaWeekStart(start + h * 3600_000)).toBe(start)
      expect(chinaWeekStart(start - 1)).toBe(start - 7 * 86_400_000)
    }
  })
})
