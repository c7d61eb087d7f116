import fc from 'fast-check'
import { chinaDate, chinaDateStart } from '../../../src/core/china-time'
import { FLAG_KINDS } from '../../../src/core/flags'
import {
  APP_LAUNCH_DATE,
  DEFAULT_FLAG_SETTINGS,
  contextRange,
  flagRecords,
  type FlagDraft,
  type FactLocation,
  type FlagInput,
  type GridGeometry,
  type KnownResident,
  type KnownSigner,
  type RecordFacts,
} from '../../../server/src/truth/rules'
import { distanceM } from '../../../server/src/truth/rules/geo'
import { addResidentFacts, installFacts, pledgeFacts, realisticRecords, visitFacts } from '../../helpers/realistic-records'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const MONDAY = chinaDateStart('2026-11-16')
const T0 = MONDAY + 10 * HOUR // Monday 10:00 China time
const CENTRE = { lat: 31.2, lng: 117.3 }
const GRIDS: Record<string, GridGeometry> = { g1: { centre: CENTRE, radiusM: 500 } }
const where = { authorId: 'w1', gridId: 'g1', villageId: 'v1' }
/** Metres per degree of latitude on the sphere the rules measure on. */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180

const north = (m: number, from = CENTRE) => ({ lat: from.lat + m / M_PER_DEG, lng: from.lng })
const at = (point: { lat: number; lng: number }, accuracy: number | null | undefined = 12.5) => ({ ...point, accuracy })

function flags(input: Partial<FlagInput> & { arrived: RecordFacts[] }, settings = DEFAULT_FLAG_SETTINGS): FlagDraft[] {
  return flagRecords({ recent: [], grids: GRIDS, residents: [], signers: [], ...input }, settings)
}
const ofKind = (drafts: FlagDraft[], kind: FlagDraft['kind']) => drafts.filter((d) => d.kind === kind)

/** `n` visits by one worker to `n` households (or the given ones), `gapMs` apart from T0, each at its own spot. */
function visitRun(n: number, gapMs: number, opts: { households?: string[]; authorId?: string; idPrefix?: string } = {}) {
  return Array.from({ length: n }, (_, i) =>
    visitFacts({
      ...where,
      authorId: opts.authorId ?? 'w1',
      id: `${opts.idPrefix ?? 'v'}${i}`,
      householdId: opts.households?.[i] ?? `h${i}`,
      at: T0 + i * gapMs,
      location: at(north(40 * i)),
    }),
  )
}

describe('pace: households per window (速度异常)', () => {
  it('lets exactly 12 households in 10 minutes pass, and flags all 13 when there are 13', () => {
    expect(ofKind(flags({ arrived: visitRun(12, (10 * MINUTE) / 11) }), 'pace')).toEqual([])

    const thirteen = visitRun(13, 50_000) // 12 gaps of 50 s: 600 s from first to last
    const pace = ofKind(flags({ arrived: thirteen }), 'pace')
    expect(pace.map((d) => d.recordId)).toEqual(thirteen.map((v) => v.id))
    expect(pace[0].evidence).toEqual({
      households: 13,
      limit: 12,
      windowMinutes: 10,
      firstAt: T0,
      lastAt: T0 + 10 * MINUTE,
      recordIds: thirteen.map((v) => v.id),
    })
  })

  it('counts households, not visits, and needs them within the window', () => {
    const twiceOneHousehold = visitRun(13, 50_000, { households: [...Array(12)].map((_, i) => `h${i}`).concat('h0') })
    expect(ofKind(flags({ arrived: twiceOneHousehold }), 'pace')).toEqual([])
    // 13 households with 10 min + 12 ms from first to last: no 10-minute window holds more than 12.
    expect(ofKind(flags({ arrived: visitRun(13, 50_001) }), 'pace')).toEqual([])
  })

  it('judges a window when one of its visits arrives, flagging the stored ones in it too', () => {
    const run = visitRun(13, 40_000)
    const stored = run.slice(0, 12)
    const drafts = ofKind(flags({ arrived: [run[12]], recent: stored }), 'pace')
    expect(drafts.map((d) => d.recordId).sort()).toEqual(run.map((v) => v.id).sort())

    const later = visitFacts({ ...where, id: 'later', householdId: 'h99', at: T0 + 3 * HOUR, location: at(north(10)) })
    expect(ofKind(flags({ arrived: [later], recent: run }), 'pace')).toEqual([])
  })

  it('does not add two workers together', () => {
    const a = visitRun(7, 30_000, { authorId: 'w1', idPrefix: 'a' })
    const b = visitRun(7, 30_000, { authorId: 'w2', idPrefix: 'b', households: [...Array(7)].map((_, i) => `x${i}`) })
    expect(ofKind(flags({ arrived: [...a, ...b] }), 'pace')).toEqual([])
  })
})

describe('pace: many households at one point (同一位置多户)', () => {
  const spot = north(100)
  const around = (n: number, gapMs: number, offsetM = 0) =>
    Array.from({ length: n }, (_, i) =>
      visitFacts({ ...where, id: `p${i}`, householdId: `h${i}`, at: T0 + i * gapMs, location: at(i === n - 1 ? north(offsetM, spot) : north(i % 2 ? -3 : 0, spot)) }),
    )

  it('flags 5 households logged within 15 m in an hour, naming the spot and the visits', () => {
    const five = around(5, 8 * MINUTE, 14)
    const drafts = ofKind(flags({ arrived: five }), 'same_point')
    expect(drafts.map((d) => d.recordId)).toEqual(five.map((v) => v.id))
    const evidence = drafts.find((d) => d.recordId === 'p0')!.evidence
    expect(evidence).toMatchObject({ households: 5, minHouseholds: 5, radiusM: 15, windowMinutes: 60, centre: spot, recordIds: five.map((v) => v.id) })
    expect(evidence.maxDistanceM).toBeCloseTo(14, 0)
  })

  it('lets 4 households at a spot pass, and a fifth 16 m away', () => {
    expect(ofKind(flags({ arrived: around(4, 8 * MINUTE) }), 'same_point')).toEqual([])
    // The fifth is 16 m from the others' spot: no point has 5 households within 15 m.
    const spread = around(5, 8 * MINUTE, 16)
    expect(ofKind(flags({ arrived: spread }), 'same_point')).toEqual([])
  })

  it('lets one spot visited across the day pass (an office, a shop the worker passes again)', () => {
    expect(ofKind(flags({ arrived: around(5, 61 * MINUTE) }), 'same_point')).toEqual([])
  })
})

describe('place (超出网格, 定位精度可疑)', () => {
  const visitAt = (location: FactLocation | null, gridId = 'g1') => visitFacts({ ...where, gridId, id: 'x', householdId: 'h1', at: T0, location })

  it('flags a visit beyond radius × 1.5 with the distance and the limit', () => {
    const outside = flags({ arrived: [visitAt(at(north(760)))] })
    expect(ofKind(outside, 'outside_grid')).toEqual([
      { recordId: 'x', kind: 'outside_grid', evidence: { distanceM: 760, radiusM: 500, tolerance: 1.5, limitM: 750, location: north(760), centre: CENTRE } },
    ])
    expect(ofKind(flags({ arrived: [visitAt(at(north(740)))] }), 'outside_grid')).toEqual([])
  })

  it('leaves grids without geometry unchecked', () => {
    expect(flags({ arrived: [visitAt(at(north(5000)), 'g-none')], grids: { 'g-none': null } })).toEqual([])
    expect(flags({ arrived: [visitAt(at(north(5000)), 'g-unknown')] })).toEqual([])
  })

  it('flags a fix with no accuracy, an accuracy under 1 m, or whole-degree coordinates', () => {
    const reason = (location: FactLocation) => ofKind(flags({ arrived: [visitAt(location)] }), 'gps_accuracy').map((d) => d.evidence)
    expect(reason(north(10))).toEqual([{ reason: 'accuracy_missing', lat: north(10).lat, lng: CENTRE.lng }])
    expect(reason(at(north(10), null))).toEqual([{ reason: 'accuracy_missing', lat: north(10).lat, lng: CENTRE.lng }])
    expect(reason(at(north(10), 0))).toEqual([{ reason: 'accuracy_too_exact', accuracy: 0, minAccuracyM: 1 }])
    expect(reason(at(north(10), 0.5))).toEqual([{ reason: 'accuracy_too_exact', accuracy: 0.5, minAccuracyM: 1 }])
    expect(reason(at({ lat: 31, lng: 117.3004 }, 10))).toEqual([{ reason: 'whole_degrees', lat: 31, lng: 117.3004, accuracy: 10 }])
    expect(reason(at(north(10), 1))).toEqual([])
    expect(flags({ arrived: [visitAt(null)] })).toEqual([])
  })
})

describe('time', () => {
  const install = (receivedAt: number, doneOn: string[], id = 'i1') =>
    installFacts({ ...where, id, householdId: 'h1', at: receivedAt - MINUTE, receivedAt, residentId: 'r1', steps: doneOn.map((d, i) => ({ step: (['installed', 'real_name', 'warning_on'] as const)[i], doneOn: d })) })

  it('flags a phone clock more than 24 h ahead or 30 days behind the receipt, with the skew', () => {
    const made = (deviceTime: number) => visitFacts({ ...where, id: 'c', householdId: 'h1', at: T0, deviceTime, receivedAt: T0 + MINUTE })
    const skew = (deviceTime: number) => ofKind(flags({ arrived: [made(deviceTime)] }), 'clock_skew').map((d) => d.evidence)
    expect(skew(T0 + MINUTE + DAY)).toEqual([])
    expect(skew(T0 + MINUTE + DAY + 1)).toEqual([{ skewMs: DAY + 1, direction: 'ahead', limitMs: DAY, deviceTime: T0 + MINUTE + DAY + 1, receivedAt: T0 + MINUTE }])
    expect(skew(T0 + MINUTE - 30 * DAY)).toEqual([])
    expect(skew(T0 + MINUTE - 365 * DAY)).toEqual([{ skewMs: -365 * DAY, direction: 'behind', limitMs: 30 * DAY, deviceTime: T0 + MINUTE - 365 * DAY, receivedAt: T0 + MINUTE }])
  })

  it('flags install steps dated after the China day of receipt', () => {
    expect(ofKind(flags({ arrived: [install(T0, ['2026-11-16', '2026-11-17'])] }), 'future_date')).toEqual([
      { recordId: 'i1', kind: 'future_date', evidence: { steps: [{ step: 'real_name', doneOn: '2026-11-17' }], receivedOn: '2026-11-16' } },
    ])
    // Monday 00:30 in China is still Sunday in UTC: the China date decides.
    expect(ofKind(flags({ arrived: [install(MONDAY + 30 * MINUTE, ['2026-11-16'])] }), 'future_date')).toEqual([])
  })

  it(`flags install steps dated before the app existed (${APP_LAUNCH_DATE})`, () => {
    expect(APP_LAUNCH_DATE).toBe('2021-03-01')
    expect(ofKind(flags({ arrived: [install(T0, ['2021-02-28', '2021-03-01'])] }), 'before_app')).toEqual([
      { recordId: 'i1', kind: 'before_app', evidence: { steps: [{ step: 'installed', doneOn: '2021-02-28' }], appLaunchDate: '2021-03-01' } },
    ])
    expect(ofKind(flags({ arrived: [install(T0, ['2021-03-01'])] }), 'before_app')).toEqual([])
  })

  it('flags a record claiming a week whose ranking was already cut', () => {
    const nextMonday = chinaDateStart('2026-11-23')
    const late = visitFacts({ ...where, id: 'b', householdId: 'h1', at: nextMonday - 10 * MINUTE, receivedAt: nextMonday + 5 * MINUTE })
    expect(ofKind(flags({ arrived: [late] }), 'backdated')).toEqual([
      {
        recordId: 'b',
        kind: 'backdated',
        evidence: { occurredAt: nextMonday - 10 * MINUTE, receivedAt: nextMonday + 5 * MINUTE, occurredWeek: '2026-11-16', cutAt: nextMonday, lateMs: 5 * MINUTE },
      },
    ])
    const sameWeek = visitFacts({ ...where, id: 'b2', householdId: 'h1', at: nextMonday + MINUTE, receivedAt: nextMonday + 5 * MINUTE })
    const beforeCut = visitFacts({ ...where, id: 'b3', householdId: 'h1', at: T0, receivedAt: nextMonday - 1 })
    expect(ofKind(flags({ arrived: [sameWeek, beforeCut] }), 'backdated')).toEqual([])
  })

  it('flags visits from 22:00 to 06:00 China time; 21:59 and 06:00 pass', () => {
    const visitAtClock = (h: number, m: number) => visitFacts({ ...where, id: `n${h}:${m}`, householdId: 'h1', at: MONDAY + h * HOUR + m * MINUTE })
    const night = (h: number, m: number, s = DEFAULT_FLAG_SETTINGS) => ofKind(flags({ arrived: [visitAtClock(h, m)] }, s), 'night').map((d) => d.evidence)
    expect(night(21, 59)).toEqual([])
    expect(night(22, 0)).toEqual([{ visitedAt: '2026-11-16 22:00', from: '22:00', to: '06:00' }])
    expect(night(5, 59)).toHaveLength(1)
    expect(night(6, 0)).toEqual([])
    const early = { ...DEFAULT_FLAG_SETTINGS, time: { ...DEFAULT_FLAG_SETTINGS.time, night: { fromMinute: 21 * 60 + 30, toMinute: 7 * 60 } } }
    expect(night(21, 30, early)).toEqual([{ visitedAt: '2026-11-16 21:30', from: '21:30', to: '07:00' }])
    expect(night(6, 30, early)).toHaveLength(1)
  })

  it('does not call an install or a pledge entered at night a night visit', () => {
    const lateInstall = install(MONDAY + 23 * HOUR, ['2026-11-16'])
    expect(ofKind(flags({ arrived: [lateInstall] }), 'night')).toEqual([])
  })
})

describe('roster: one person twice under slightly different names (疑似重复人员)', () => {
  const resident = (residentId: string, name: string, householdId = 'h1'): KnownResident => ({ householdId, residentId, name })
  const added = (id: string, residentId: string, name: string, householdId = 'h1') => addResidentFacts({ ...where, id, householdId, residentId, name, at: T0 })

  it.each([
    ['张三', '张 三'],
    ['张三', '张\u200b三'],
    ['张三', '\u202e张三\u202c'],
    ['李明', '李　明'],
    ['阿卜杜·热合曼', '阿卜杜・热合曼'],
    ['王一', '王ー'],
    ['田口', '田ロ'],
    ['Li Ming', 'ＬＩ　ＭＩＮＧ'],
  ])('flags %s registered again as %s in the same household', (first, second) => {
    const drafts = flags({ arrived: [added('a1', 'r2', second)], residents: [resident('r1', first)] })
    expect(drafts).toEqual([
      { recordId: 'a1', kind: 'duplicate_person', evidence: { scope: 'household', householdId: 'h1', names: [second, first], residentId: 'r2', matches: [{ residentId: 'r1', name: first }] } },
    ])
  })

  it('lets different names, another household, and the new resident itself pass', () => {
    expect(flags({ arrived: [added('a1', 'r2', '张山')], residents: [resident('r1', '张三')] })).toEqual([])
    expect(flags({ arrived: [added('a1', 'r2', '张 三')], residents: [resident('r1', '张三', 'h2')] })).toEqual([])
    // The caller may read the register after ingest added the resident: it is not its own duplicate.
    expect(flags({ arrived: [added('a1', 'r2', '张三')], residents: [resident('r2', '张三')] })).toEqual([])
  })

  it('flags only the later of two arriving together', () => {
    const drafts = flags({ arrived: [added('a1', 'r1', '张三'), added('a2', 'r2', '张\u3000三')] })
    expect(drafts.map((d) => d.recordId)).toEqual(['a2'])
  })

  const signer = (recordId: string, name: string, residentId: string | null, householdId = 'h1', villageId = 'v1'): KnownSigner => ({ recordId, householdId, villageId, residentId, name })
  const pledge = (id: string, signerName: string, residentId: string | null, householdId = 'h1', villageId = 'v1') =>
    pledgeFacts({ ...where, villageId, id, householdId, signerName, residentId, at: T0 })

  it('flags a pledge the count would take for a second signer of the household', () => {
    const drafts = flags({ arrived: [pledge('p2', '张 三', null)], signers: [signer('p1', '张三', 'r1')] })
    expect(drafts).toEqual([
      {
        recordId: 'p2',
        kind: 'duplicate_person',
        evidence: { scope: 'household', householdId: 'h1', names: ['张 三', '张三'], matches: [{ recordId: 'p1', householdId: 'h1', residentId: 'r1', name: '张三' }] },
      },
    ])
    // The same resident signing again is one signer to the count already (signerKey): nothing to flag.
    expect(flags({ arrived: [pledge('p2', '张三', 'r1')], signers: [signer('p1', '张三', 'r1')] })).toEqual([])
  })

  it('flags a pledge in another household of the village under a disguised name, not a namesake', () => {
    const disguised = flags({ arrived: [pledge('p2', '李\u200b明', null, 'h2')], signers: [signer('p1', '李明', 'r1', 'h1')] })
    expect(disguised.map((d) => [d.recordId, d.evidence.scope, d.evidence.names])).toEqual([['p2', 'village', ['李\u200b明', '李明']]])
    expect(flags({ arrived: [pledge('p2', '李明', null, 'h2')], signers: [signer('p1', '李明', 'r1', 'h1')] })).toEqual([])
    expect(flags({ arrived: [pledge('p2', '李\u200b明', null, 'h2', 'v2')], signers: [signer('p1', '李明', 'r1', 'h1', 'v1')] })).toEqual([])
  })
})

describe('a clean control set: 500 realistic records', () => {
  const set = realisticRecords(500)
  const byArrival = [...set.records].sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id))

  it('is what it claims: several workers over a few days, visits 4–15 min apart, fixes 5–40 m inside their grid', () => {
    expect(set.records).toHaveLength(500)
    const visits = set.records.filter((r) => r.kind === 'visit')
    expect(new Set(visits.map((v) => v.authorId)).size).toBe(5)
    expect(new Set(set.records.map((r) => r.kind))).toEqual(new Set(['visit', 'install', 'pledge', 'roster']))
    const days = new Set(visits.map((v) => Math.floor((v.occurredAt - MONDAY) / DAY)))
    expect(days.size).toBeGreaterThanOrEqual(3)
    for (const v of visits) {
      const loc = v.body.location!
      expect(loc.accuracy).toBeGreaterThanOrEqual(5)
      expect(loc.accuracy).toBeLessThanOrEqual(40)
      expect(distanceM(set.grids[v.gridId]!.centre, loc)).toBeLessThan(set.grids[v.gridId]!.radiusM)
      const next = visits.find((o) => o.authorId === v.authorId && o.occurredAt > v.occurredAt)
      if (next && chinaDate(next.occurredAt) === chinaDate(v.occurredAt)) {
        expect(next.occurredAt - v.occurredAt).toBeGreaterThanOrEqual(4 * MINUTE)
        expect(next.occurredAt - v.occurredAt).toBeLessThanOrEqual(15 * MINUTE)
      }
    }
    for (const r of set.records) if (r.kind === 'install') expect(r.body.steps.every((st) => st.doneOn === chinaDate(r.occurredAt))).toBe(true)
  })

  it('raises no flag when it arrives all at once', () => {
    expect(flagRecords({ arrived: byArrival, recent: byArrival, grids: set.grids, residents: set.residents, signers: [] })).toEqual([])
  })

  it('raises no flag when it arrives record by record, each with the context ingest would fetch', () => {
    const drafts: FlagDraft[] = []
    const residents = [...set.residents]
    const signers: KnownSigner[] = []
    byArrival.forEach((r, i) => {
      const range = contextRange([r])!
      const recent = byArrival.slice(0, i).filter((o) => o.authorId === r.authorId && o.occurredAt >= range.from && o.occurredAt <= range.to)
      drafts.push(...flagRecords({ arrived: [r], recent, grids: set.grids, residents, signers }))
      if (r.kind === 'roster' && r.body.action === 'add_resident') residents.push({ householdId: r.householdId, residentId: r.body.residentId, name: r.body.name })
      if (r.kind === 'pledge') signers.push({ recordId: r.id, householdId: r.householdId, villageId: r.villageId, residentId: r.body.residentId, name: r.body.signerName })
    })
    expect(drafts).toEqual([])
  })

  it('still catches one bad record slipped into it', () => {
    const v = byArrival.find((r) => r.kind === 'visit')!
    const lateEvening = chinaDateStart('2026-11-17') - 30 * MINUTE
    const night = { ...v, id: 'slipped', occurredAt: lateEvening, deviceTime: lateEvening, receivedAt: lateEvening + MINUTE }
    const drafts = flagRecords({ arrived: [...byArrival, night], recent: byArrival, grids: set.grids, residents: set.residents, signers: [] })
    expect(drafts.map((d) => [d.recordId, d.kind])).toEqual([['slipped', 'night']])
  })
})

describe('any well-formed input', () => {
  const time = fc.integer({ min: chinaDateStart('2020-01-01'), max: chinaDateStart('2028-01-01') })
  const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'constructor', '__proto__')
  const date = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(chinaDateStart('2020-06-01') + d * DAY).toISOString().slice(0, 10))
  const location = fc.option(
    fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lng: fc.double({ min: -180, max: 180, noNaN: true }),
      accuracy: fc.option(fc.double({ min: 0, max: 100_000, noNaN: true }), { nil: undefined }),
    }),
  )
  const name = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 8 })
  const base = fc.record({ id, authorId: id, householdId: id, gridId: id, villageId: id, at: time, delay: fc.integer({ min: 0, max: 40 * DAY }), skew: fc.integer({ min: -400 * DAY, max: 400 * DAY }) })
  const record: fc.Arbitrary<RecordFacts> = fc.oneof(
    fc.tuple(base, location).map(([b, loc]) => visitFacts({ ...b, receivedAt: b.at + b.delay, deviceTime: b.at + b.skew, location: loc })),
    fc.tuple(base, fc.uniqueArray(fc.constantFrom('installed', 'real_name', 'warning_on'), { minLength: 1 }), date, id).map(([b, steps, doneOn, residentId]) =>
      installFacts({ ...b, receivedAt: b.at + b.delay, residentId, steps: steps.map((step) => ({ step, doneOn })) }),
    ),
    fc.tuple(base, name, fc.option(id)).map(([b, signerName, residentId]) => pledgeFacts({ ...b, receivedAt: b.at + b.delay, signerName, residentId })),
    fc.tuple(base, name, id).map(([b, n, residentId]) => addResidentFacts({ ...b, receivedAt: b.at + b.delay, residentId, name: n })),
  )
  const grid = fc.option(fc.record({ centre: fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }) }), radiusM: fc.integer({ min: 0, max: 50_000 }) }))
  const input: fc.Arbitrary<FlagInput> = fc.record({
    arrived: fc.array(record, { maxLength: 30 }),
    recent: fc.array(record, { maxLength: 30 }),
    grids: fc.dictionary(id, grid),
    residents: fc.array(fc.record({ householdId: id, residentId: id, name })),
    signers: fc.array(fc.record({ recordId: id, householdId: id, villageId: id, residentId: fc.option(id), name })),
  })

  it('gets flags from every rule without throwing, only on records it was given, each kind once per record', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const drafts = flagRecords(inp)
        const known = new Set([...inp.arrived, ...inp.recent].map((r) => r.id))
        for (const d of drafts) {
          expect(known.has(d.recordId)).toBe(true)
          expect(FLAG_KINDS).toContain(d.kind)
        }
        expect(new Set(drafts.map((d) => `${d.kind}/${d.recordId}`)).size).toBe(drafts.length)
      }),
      { numRuns: 300 },
    )
  })
})
