import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { chinaDateStart, dueRankingWeek, effectiveTargets, rankAreas, targetStatus, weekOnWeek, type TargetDef } from '../../../src/core/targets'

const HOUR = 3600_000
const DAY = 24 * HOUR
/** China wall-clock time as epoch ms, built without the host's timezone. */
const china = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)

describe('targetStatus', () => {
  it('shows the Q1 40% target as met with a 16–60 base of 100 people and 41 done (DOMAIN Feature 10)', () => {
    const s = targetStatus(41, 100, 40, '2027-03-31', china(2027, 1, 10), '2026-11-01')
    expect(s).toMatchObject({ state: 'met', needed: 0, required: 40 })
  })

  it('counts exactly 40 of 100 as met and 39 as one short', () => {
    expect(targetStatus(40, 100, 40, '2027-03-31', china(2026, 12, 1), '2026-11-01').state).toBe('met')
    expect(targetStatus(39, 100, 40, '2027-03-31', china(2026, 12, 1), '2026-11-01').needed).toBe(1)
  })

  it('rounds the requirement up: 95% of 37 households is 36 (35.15 → 36)', () => {
    expect(targetStatus(30, 37, 95, '2027-03-31', china(2026, 11, 2), '2026-11-01')).toMatchObject({ required: 36, needed: 6 })
  })

  it('compares progress with the straight line from campaign start to deadline', () => {
    // 2026-11-01 .. end of 2026-11-30: 30 days; at 12-16 00:00 → 15/30 elapsed, expected 20 of the 40 required.
    const now = china(2026, 11, 16)
    expect(targetStatus(20, 100, 40, '2026-11-30', now, '2026-11-01')).toMatchObject({ state: 'on_track', expected: 20, needed: 20 })
    expect(targetStatus(19, 100, 40, '2026-11-30', now, '2026-11-01')).toMatchObject({ state: 'behind', needed: 21 })
  })

  it('is behind after the deadline when unmet, and the deadline day itself still counts', () => {
    // A one-day target set on its deadline day: at 00:00 nothing is expected yet, at 23:59 nearly all of it.
    expect(targetStatus(0, 100, 40, '2027-03-31', china(2027, 3, 31), '2027-03-31')).toMatchObject({ state: 'on_track', expected: 0 })
    expect(targetStatus(39, 100, 40, '2027-03-31', china(2027, 3, 31, 23, 59), '2027-03-31')).toMatchObject({ state: 'behind', expected: 40 })
    expect(targetStatus(39, 100, 40, '2027-03-31', china(2027, 4, 1), '2026-11-01').state).toBe('behind')
  })

  it('treats an empty base as met', () => {
    expect(targetStatus(0, 0, 80, '2027-06-30', china(2026, 12, 1), '2026-11-01')).toMatchObject({ state: 'met', needed: 0 })
  })
})

describe('effectiveTargets', () => {
  const county: TargetDef[] = [
    { areaId: 'c1', indicator: 'installed', targetPct: 40, deadline: '2027-03-31' },
    { areaId: 'c1', indicator: 'installed', targetPct: 80, deadline: '2027-06-30' },
    { areaId: 'c1', indicator: 'visit_coverage', targetPct: 100, deadline: '2027-03-31' },
  ]

  it('inherits the county targets down to a village', () => {
    expect(effectiveTargets(['c1', 't1', 'v1'], county)).toEqual([county[2], county[0], county[1]])
  })

  it('lets the nearest area override the same indicator and deadline, and leaves other areas alone', () => {
    const town = { areaId: 't1', indicator: 'installed', targetPct: 50, deadline: '2027-03-31' } as const
    const village = { areaId: 'v1', indicator: 'installed', targetPct: 60, deadline: '2027-03-31' } as const
    const otherTown = { areaId: 't2', indicator: 'installed', targetPct: 90, deadline: '2027-03-31' } as const
    const all = [village, ...county, town, otherTown]
    expect(effectiveTargets(['c1', 't1', 'v1'], all).map((t) => t.targetPct)).toEqual([100, 60, 80])
    expect(effectiveTargets(['c1', 't1', 'v2'], all).map((t) => t.targetPct)).toEqual([100, 50, 80])
    expect(effectiveTargets(['c1', 't1'], all).map((t) => t.targetPct)).toEqual([100, 50, 80])
    expect(effectiveTargets(['c1', 't3'], all).map((t) => t.targetPct)).toEqual([100, 40, 80])
  })

  it('adds a lower-level target with its own deadline instead of replacing one', () => {
    const extra = { areaId: 't1', indicator: 'installed', targetPct: 60, deadline: '2027-04-30' } as const
    expect(effectiveTargets(['c1', 't1'], [...county, extra]).map((t) => t.deadline)).toEqual(['2027-03-31', '2027-03-31', '2027-04-30', '2027-06-30'])
  })
})

describe('rankAreas', () => {
  const row = (areaId: string, sort: number, installed: number, visit: number) => ({
    areaId,
    name: `村${areaId}`,
    sort,
    indicators: { installed, visit_coverage: visit },
  })

  it('orders by weighted score and gives equal scores the same rank, skipping the next ("1, 2, 2, 4")', () => {
    const ranked = rankAreas([row('a', 1, 10, 10), row('b', 2, 50, 50), row('c', 3, 60, 40), row('d', 4, 70, 70)], { installed: 1, visit_coverage: 1 })
    expect(ranked.map((r) => [r.areaId, r.rank, r.score])).toEqual([
      ['d', 1, 70],
      ['b', 2, 50],
      ['c', 2, 50],
      ['a', 4, 10],
    ])
  })

  it('lists ties by area sort order whatever the input order, and compares rounded scores', () => {
    const input = [row('z', 2, 33.33, 0), row('y', 1, 33.34, 0), row('x', 3, 10, 0)]
    const ranked = rankAreas(input, { installed: 1 })
    expect(ranked.map((r) => [r.areaId, r.rank])).toEqual([['y', 1], ['z', 1], ['x', 3]])
    expect(rankAreas([...input].reverse(), { installed: 1 })).toEqual(ranked)
  })

  it('weights indicators', () => {
    const ranked = rankAreas([row('a', 1, 100, 0), row('b', 2, 0, 100)], { installed: 3, visit_coverage: 1 })
    expect(ranked.map((r) => [r.areaId, r.score])).toEqual([['a', 75], ['b', 25]])
  })

  it('reports week-on-week change in places and points', () => {
    expect(weekOnWeek({ areaId: 'a', rank: 1, score: 60 }, [{ areaId: 'a', rank: 3, score: 42.5 }])).toEqual({ rank: 2, score: 17.5 })
    expect(weekOnWeek({ areaId: 'a', rank: 1, score: 60 }, null)).toEqual({ rank: null, score: null })
  })
})

describe('dueRankingWeek (China time)', () => {
  it('is due from the configured Monday hour, for the Monday-to-Sunday week just ended', () => {
    expect(dueRankingWeek(china(2026, 11, 23, 5, 59), 1, 6)).toBeNull()
    const due = dueRankingWeek(china(2026, 11, 23, 6), 1, 6)
    expect(due).toEqual({ start: china(2026, 11, 16), end: china(2026, 11, 23) })
    expect(due!.end - due!.start).toBe(7 * DAY)
    // Sunday 23:59 China time belongs to the week before; the week just ended is 11-09..11-15.
    expect(dueRankingWeek(china(2026, 11, 22, 23, 59), 1, 6)!.start).toBe(china(2026, 11, 9))
  })

  it('honours another weekday and hour', () => {
    expect(dueRankingWeek(china(2026, 11, 24, 23), 3, 8)).toBeNull()
    expect(dueRankingWeek(china(2026, 11, 25, 8), 3, 8)!.start).toBe(china(2026, 11, 16))
  })

  it('reads YYYY-MM-DD as midnight China time', () => {
    expect(chinaDateStart('2026-11-16')).toBe(Date.UTC(2026, 10, 15, 16))
  })

  it('gives the same week boundaries when the host runs in America/New_York', () => {
    const script = `
      const { dueRankingWeek, chinaDate } = require(${JSON.stringify(path.resolve('src/core/targets.ts'))});
      // Sunday 2026-11-22 20:00 in New York = Monday 2026-11-23 09:00 China time.
      const now = new Date(2026, 10, 22, 20, 0).getTime();
      const due = dueRankingWeek(now, 1, 6);
      console.log(JSON.stringify({ offset: new Date(now).getTimezoneOffset(), now, start: chinaDate(due.start), end: due.end }));
    `
    const res = spawnSync(path.resolve('node_modules/.bin/tsx'), ['-e', script], { env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8' })
    expect(res.stderr).toBe('')
    const out = JSON.parse(res.stdout)
    expect(out.offset).toBe(300)
    expect(out.now).toBe(china(2026, 11, 23, 9))
    expect(out.start).toBe('2026-11-16')
    expect(out.end).toBe(china(2026, 11, 23))
  })
})
