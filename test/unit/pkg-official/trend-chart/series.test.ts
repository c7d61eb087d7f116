import type { TrendPoint } from '../../../../src/core/schemas/trend'
import { trendSeries } from '../../../../src/pkg-official/components/trend-chart/series'

const LABELS = { visit_coverage: '入户宣传率', pledge_households: '承诺书签署率', installed: 'APP安装率' }
const fig = (pct: number) => ({ done: pct, base: 100, pct })
const point = (weekStart: string, coverage: number | null, live = false): TrendPoint => ({
  weekStart,
  weekEnd: weekStart,
  live,
  indicators: coverage === null ? null : { visit_coverage: fig(coverage), pledge_households: fig(0), installed: null },
  visits: 0,
})

describe('trendSeries', () => {
  it('leaves off the weeks before the first figure, keeps later gaps, and labels the live week', () => {
    const s = trendSeries([point('2026-10-19', null), point('2026-10-26', 10), point('2026-11-02', null), point('2026-11-09', 30), point('2026-11-16', 35, true)], LABELS, '本周')
    expect(s.hasHistory).toBe(true)
    expect(s.data.filter((d) => d.line === '入户宣传率').map((d) => [d.week, d.pct])).toEqual([
      ['10/26', 10],
      ['11/2', null],
      ['11/9', 30],
      ['本周', 35],
    ])
    // Lines in a fixed order (the legend's), an indicator with no base a gap.
    expect([...new Set(s.data.map((d) => d.line))]).toEqual(['入户宣传率', '承诺书签署率', 'APP安装率'])
    expect(s.data.filter((d) => d.line === 'APP安装率').every((d) => d.pct === null)).toBe(true)
  })

  it('has no history while only the live week has figures', () => {
    expect(trendSeries([point('2026-11-09', null), point('2026-11-16', 35, true)], LABELS, '本周').hasHistory).toBe(false)
  })
})
