// Records as the flag rules see them (RecordFacts): builders for crafted cases, and a seeded generator of an honest
// week's field work that no flag rule should object to.
import { chinaDate, chinaDateStart } from '../../src/core/china-time'
import type { InstallStep } from '../../src/core/schemas/install'
import type { FactLocation, FactsOf, GridGeometry, KnownResident, RecordFacts } from '../../server/src/truth/rules'

const MINUTE = 60_000
const SHA = 'a'.repeat(64)

type Base = Pick<RecordFacts, 'id' | 'authorId' | 'householdId' | 'gridId' | 'villageId'> & { at: number; receivedAt?: number; deviceTime?: number }

function envelope(b: Base) {
  return {
    id: b.id,
    authorId: b.authorId,
    householdId: b.householdId,
    gridId: b.gridId,
    villageId: b.villageId,
    deviceTime: b.deviceTime ?? b.at,
    occurredAt: Math.min(b.at, b.receivedAt ?? b.at + MINUTE),
    receivedAt: b.receivedAt ?? b.at + MINUTE,
  }
}

export function visitFacts(b: Base & { location?: FactLocation | null }): FactsOf<'visit'> {
  return {
    ...envelope(b),
    kind: 'visit',
    body: { outcome: 'met', peopleMet: 2, residentIds: [], notes: '', visitedAt: new Date(b.at).toISOString(), location: b.location ?? null },
  }
}

export function installFacts(b: Base & { residentId: string; steps: { step: InstallStep; doneOn: string }[] }): FactsOf<'install'> {
  return { ...envelope(b), kind: 'install', body: { residentId: b.residentId, steps: b.steps, screenshotShas: [SHA], notes: '' } }
}

export function pledgeFacts(b: Base & { signerName: string; residentId?: string | null }): FactsOf<'pledge'> {
  return {
    ...envelope(b),
    kind: 'pledge',
    body: {
      templateId: 'tpl-1',
      templateHash: SHA,
      signerName: b.signerName,
      residentId: b.residentId ?? null,
      signatureSha: SHA,
      signedAt: new Date(b.at).toISOString(),
      channel: 'worker_device',
    },
  }
}

export function addResidentFacts(b: Base & { residentId: string; name: string }): FactsOf<'roster'> {
  return {
    ...envelope(b),
    kind: 'roster',
    body: { action: 'add_resident', residentId: b.residentId, name: b.name, gender: null, birthYear: 1980, phone: null, relation: null, tags: [] },
  }
}

/** mulberry32: a small seeded generator, so the control set is the same on every run. */
function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => lo + Math.floor((hi - lo + 1) * next()),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  }
}
type Rng = ReturnType<typeof seeded>

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高']
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '建国', '桂兰', '玉兰', '志强', '海燕', '小红', '春梅', '德华']

/** A point uniformly inside a disc of `radiusM` around `centre`. */
function pointNear(rng: Rng, centre: { lat: number; lng: number }, radiusM: number) {
  const r = radiusM * Math.sqrt(rng.next())
  const angle = rng.between(0, 2 * Math.PI)
  const metresPerDegLat = 111_320
  return {
    lat: centre.lat + (r * Math.cos(angle)) / metresPerDegLat,
    lng: centre.lng + (r * Math.sin(angle)) / (metresPerDegLat * Math.cos((centre.lat * Math.PI) / 180)),
  }
}

interface Household {
  id: string
  gridId: string
  villageId: string
  home: { lat: number; lng: number }
  residents: KnownResident[]
}

function household(rng: Rng, id: string, gridId: string, villageId: string, home: Household['home']): Household {
  const surname = rng.pick(SURNAMES)
  const names = new Set<string>()
  const size = rng.int(1, 5)
  while (names.size < size) names.add((names.size === 1 ? rng.pick(SURNAMES) : surname) + rng.pick(GIVEN))
  return { id, gridId, villageId, home, residents: [...names].map((name, i) => ({ householdId: id, residentId: `${id}-r${i}`, name })) }
}

export interface RealisticSet {
  records: RecordFacts[]
  grids: Record<string, GridGeometry>
  /** The register before the week: every household's residents. */
  residents: KnownResident[]
}

/**
 * An honest week of field work: `workers` grid workers, one grid each (two villages), each day from Monday 08:30
 * China time visiting households 4–15 minutes apart, GPS inside the grid with accuracy 5–40 m, with installs dated
 * the visit day, pledges by named residents and now and then a new resident, synced minutes to a few hours later
 * the same day. Stops at `count` records.
 */
export function realisticRecords(count = 500, seed = 20261116, workers = 5): RealisticSet {
  const rng = seeded(seed)
  const monday = chinaDateStart('2026-11-16')
  const grids: Record<string, GridGeometry> = {}
  const households: Household[][] = []
  for (let w = 0; w < workers; w++) {
    const gridId = `grid-${w}`
    const villageId = `village-${w % 2}`
    const centre = { lat: 31.2 + w * 0.013 + rng.between(0, 0.001), lng: 117.3 + w * 0.017 + rng.between(0, 0.001) }
    const radiusM = rng.int(300, 600)
    grids[gridId] = { centre, radiusM }
    households.push(Array.from({ length: 70 }, (_, h) => household(rng, `hh-${w}-${h}`, gridId, villageId, pointNear(rng, centre, radiusM * 0.85))))
  }

  const records: RecordFacts[] = []
  const pledged = new Set<string>()
  const installed = new Set<string>()
  for (let day = 0; records.length < count && day < 5; day++) {
    for (let w = 0; w < workers && records.length < count; w++) {
      const authorId = `worker-${w}`
      let at = monday + day * 24 * 60 * MINUTE + rng.int(8 * 60 + 30, 9 * 60 + 30) * MINUTE
      const dayEnd = monday + day * 24 * 60 * MINUTE + 18 * 60 * MINUTE
      // Some days the phone is offline and the outbox drains at lunch or in the evening.
      const syncDelay = () => (rng.next() < 0.2 ? rng.int(60, 180) * MINUTE : rng.int(5, 20 * 60) * 1000)
      for (let n = 0; n < 25 && at < dayEnd && records.length < count; n++) {
        const hh = rng.pick(households[w])
        const base = { authorId, householdId: hh.id, gridId: hh.gridId, villageId: hh.villageId }
        const accuracy = Math.round(rng.between(5, 40) * 10) / 10
        const fix = pointNear(rng, hh.home, Math.min(accuracy, 20))
        const seq = () => `${authorId}-${String(records.length).padStart(4, '0')}`
        const delay = syncDelay()
        records.push(visitFacts({ ...base, id: seq(), at, deviceTime: at + rng.int(0, 30) * 1000, receivedAt: at + delay, location: { ...fix, accuracy } }))
        const resident = rng.pick(hh.residents)
        if (rng.next() < 0.35 && !installed.has(resident.residentId) && records.length < count) {
          installed.add(resident.residentId)
          const t = at + rng.int(1, 3) * MINUTE
          const steps = (['installed', 'real_name', 'warning_on'] as const).slice(0, rng.int(1, 3)).map((step) => ({ step, doneOn: chinaDate(at) }))
          records.push(installFacts({ ...base, id: seq(), at: t, receivedAt: t + delay, residentId: resident.residentId, steps }))
        }
        if (rng.next() < 0.3 && !pledged.has(resident.residentId) && records.length < count) {
          pledged.add(resident.residentId)
          const t = at + rng.int(2, 4) * MINUTE
          records.push(pledgeFacts({ ...base, id: seq(), at: t, receivedAt: t + delay, signerName: resident.name, residentId: resident.residentId }))
        }
        if (rng.next() < 0.05 && records.length < count) {
          const taken = new Set(hh.residents.map((r) => r.name))
          const name = [...Array(20)].map(() => rng.pick(SURNAMES) + rng.pick(GIVEN)).find((x) => !taken.has(x))!
          const added = { householdId: hh.id, residentId: `${hh.id}-r${hh.residents.length}`, name }
          hh.residents.push(added)
          const t = at + 4 * MINUTE
          records.push(addResidentFacts({ ...base, id: seq(), at: t, receivedAt: t + delay, residentId: added.residentId, name }))
        }
        at += rng.int(4, 15) * MINUTE
      }
    }
  }
  const addedIds = new Set(records.flatMap((r) => (r.kind === 'roster' && r.body.action === 'add_resident' ? [r.body.residentId] : [])))
  const register = households.flat().flatMap((h) => h.residents.filter((r) => !addedIds.has(r.residentId)))
  return { records, grids, residents: register }
}
