import { changeText, chinaMonth, defaultSummary, figureLines, householdWord, parseMonth, previousMonth } from '../../../src/core/monthly-report'
import type { ReportFigures } from '../../../src/core/schemas/monthly-report'

const figures = (over: Partial<ReportFigures> = {}): ReportFigures => ({
  households: 200,
  visited: 0,
  pledged: 0,
  residents: 300,
  installed: 0,
  realName: 0,
  warningOn: 0,
  visits: 0,
  handouts: {},
  ...over,
})

describe('month boundaries in China time', () => {
  it('starts a month at 00:00 on the 1st in Beijing, whatever the host timezone', () => {
    expect(parseMonth('2026-11')).toEqual({ month: '2026-11', start: Date.parse('2026-11-01T00:00:00+08:00'), end: Date.parse('2026-12-01T00:00:00+08:00') })
    expect(parseMonth('2026-12')!.end).toBe(Date.parse('2027-01-01T00:00:00+08:00'))
    expect(chinaMonth(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12') // 00:30 on 1 Dec in Beijing
  })

  it('rejects anything that is not YYYY-MM', () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-11', '2026/11', '2026-11-01', '']) expect(parseMonth(bad)).toBeNull()
  })

  it('steps back across a year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12')
    expect(previousMonth('2026-11')).toBe('2026-10')
  })
})

describe('figure lines and the default summary', () => {
  it('gives rate changes in 百分点 to one decimal and counts in their unit', () => {
    const lines = new Map(figureLines(figures({ visited: 81, visits: 30 }), figures({ visited: 77, visits: 41 })).map((l) => [l.key, l]))
    expect(lines.get('visitPct')).toMatchObject({ current: 40.5, previous: 38.5, change: 2 })
    expect(changeText(lines.get('visitPct')!)).toBe('+2个百分点')
    expect(changeText(lines.get('visits')!)).toBe('-11次')
    expect(changeText(lines.get('households')!)).toBe('持平')
  })

  it('writes the month’s figures, their trend and this month’s hand-outs', () => {
    const text = defaultSummary({
      areaName: '城关镇',
      month: '2026-11',
      current: figures({ visited: 150, visits: 60, pledged: 20, handouts: { 'mat-leaflet': 50, 'mat-card': 4 } }),
      previous: figures({ visited: 100, pledged: 30, handouts: { 'mat-leaflet': 20, 'mat-card': 4 } }),
      materials: [
        { id: 'mat-leaflet', name: '宣传单' },
        { id: 'mat-card', name: '警民防骗卡' },
      ],
      householdWord: '农户',
    })
    expect(text).toContain('2026年11月，城关镇')
    expect(text).toContain('本月共走访农户60户次')
    expect(text).toContain('入户宣传率75%，较上月提高25个百分点')
    expect(text).toContain('签订率10%，较上月下降5个百分点')
    expect(text).toContain('本月发放宣传资料：宣传单30份。')
    expect(text).not.toContain('警民防骗卡')
    expect(text.split('\n').length).toBe(4)
  })

  it('with no register at last month’s end, compares nothing: no "上月 0 → +200户"', () => {
    const empty = { ...figures({}), households: 0, residents: 0 }
    const lines = figureLines(figures({ visited: 50, visits: 50, handouts: { 'mat-leaflet': 5 } }), empty)
    expect(lines.every((l) => l.change === null)).toBe(true)
    expect(changeText(lines[0])).toBe('—')
    const text = defaultSummary({ areaName: '东城社区', month: '2026-11', current: figures({ visited: 50, visits: 50, handouts: { 'mat-leaflet': 5 } }), previous: empty, materials: [{ id: 'mat-leaflet', name: '宣传单' }], householdWord: '住户' })
    expect(text).not.toMatch(/较上月|持平/)
    expect(text).toContain('本月共走访住户50户次')
    expect(text).toContain('入户宣传率25%；')
    expect(text).toContain('宣传单5份')
  })

  it('calls households 住户 in an urban community and 农户 where every village is rural', () => {
    expect(householdWord(['东城社区'])).toBe('住户')
    expect(householdWord(['幸福村', '前进村'])).toBe('农户')
    expect(householdWord(['幸福村', '东城社区'])).toBe('住户')
    expect(householdWord(['城南居委会'])).toBe('住户')
    expect(householdWord([])).toBe('住户')
  })
})
