// The demo county seed: shape and ranges of the area tree, ancestor columns, login codes, residents, revs, determinism.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hashCode } from '../../../server/src/auth/secrets'
import { migrateToLatest, openDatabase, type Db } from '../../../server/src/db/database'
import type { Selectable } from 'kysely'
import type { AreasTable, HouseholdsTable as HouseholdsRow, ResidentsTable as ResidentsRow } from '../../../server/src/db/schema'

type HouseholdsTable = Selectable<HouseholdsRow>
type ResidentsTable = Selectable<ResidentsRow>
import { isDatabaseEmpty, seedDemoCounty, type DemoLogin, type SeedOptions } from '../../../server/src/seed/demo-county'

const NOW = Date.UTC(2026, 10, 23, 2, 0)
const YEAR = 2026
const TAGS = ['老年人', '学生', '企业财会人员', '外来务工人员']

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-seed-'))
let fileNo = 0

async function freshDb(): Promise<Db> {
  const db = openDatabase({ sqliteFile: path.join(tmpDir, `seed-${++fileNo}.db`) })
  await migrateToLatest(db)
  return db
}

async function seedSmall(opts: SeedOptions): Promise<{ households: HouseholdsTable[]; residents: ResidentsTable[] }> {
  const db = await freshDb()
  try {
    await seedDemoCounty(db, { towns: 2, villagesPerTown: [2, 3], gridsPerVillage: [1, 2], householdsPerGrid: [5, 10], now: NOW, ...opts })
    const households = await db.kysely.selectFrom('households').selectAll().orderBy('id').execute()
    const residents = await db.kysely.selectFrom('residents').selectAll().orderBy('id').execute()
    return { households, residents }
  } finally {
    await db.close()
  }
}

afterAll(() => fs.rmSync(tmpDir, { recursive: true, force: true }))

describe('seedDemoCounty with the default options', () => {
  let db: Db
  let logins: DemoLogin[]
  let counts: Awaited<ReturnType<typeof seedDemoCounty>>['counts']
  let emptyBefore: boolean
  let areas: AreasTable[]
  let households: HouseholdsTable[]
  let residents: ResidentsTable[]
  const areaById = new Map<string, AreasTable>()

  beforeAll(async () => {
    db = await freshDb()
    emptyBefore = await isDatabaseEmpty(db)
    ;({ logins, counts } = await seedDemoCounty(db, { seed: 7, now: NOW }))
    areas = await db.kysely.selectFrom('areas').selectAll().execute()
    households = await db.kysely.selectFrom('households').selectAll().execute()
    residents = await db.kysely.selectFrom('residents').selectAll().execute()
    for (const a of areas) areaById.set(a.id, a)
  }, 60_000)

  afterAll(async () => db.close())

  it('reports the database empty before seeding and not after', async () => {
    expect(emptyBefore).toBe(true)
    expect(await isDatabaseEmpty(db)).toBe(false)
  })

  it('returns counts that match the rows and the brief: 1 county, 3 towns, 27–33 villages', () => {
    const byLevel = (level: AreasTable['level']) => areas.filter((a) => a.level === level).length
    expect(byLevel('county')).toBe(1)
    expect(counts).toEqual({
      towns: byLevel('town'),
      villages: byLevel('village'),
      grids: byLevel('grid'),
      households: households.length,
      residents: residents.length,
    })
    expect(counts.towns).toBe(3)
    expect(counts.villages).toBeGreaterThanOrEqual(27)
    expect(counts.villages).toBeLessThanOrEqual(33)
  })

  it('gives every village 3–6 grids, every grid 60–200 households, every household 1–6 residents', () => {
    const gridsPerVillage = countBy(areas.filter((a) => a.level === 'grid'), (a) => a.parent_id as string)
    const perGrid = countBy(households, (h) => h.grid_id)
    const perHousehold = countBy(residents, (r) => r.household_id)
    expect(outside(areas.filter((a) => a.level === 'village'), (v) => gridsPerVillage.get(v.id), 3, 6)).toEqual([])
    expect(outside(areas.filter((a) => a.level === 'grid'), (g) => perGrid.get(g.id), 60, 200)).toEqual([])
    expect(outside(households, (h) => perHousehold.get(h.id), 1, 6)).toEqual([])
  })

  it('uses readable hierarchical ids and consistent ancestor columns, sort and names in the area tree', () => {
    for (const a of areas) {
      expect(a.county_id).toBe('c1')
      if (a.level === 'county') expect(a).toMatchObject({ id: 'c1', parent_id: null, town_id: null, village_id: null })
      if (a.level === 'town') expect(a).toMatchObject({ id: expect.stringMatching(/^t\d+$/), parent_id: 'c1', town_id: a.id, village_id: null })
      if (a.level === 'village') {
        expect(a.id).toMatch(/^t\d+-v\d{2}$/)
        expect(a).toMatchObject({ parent_id: a.town_id, village_id: a.id })
        expect(a.name).toMatch(/(村|社区)$/)
      }
      if (a.level === 'grid') {
        expect(a.id).toMatch(/^t\d+-v\d{2}-g\d+$/)
        expect(a.id.startsWith(`${a.parent_id}-g`)).toBe(true)
        expect(a).toMatchObject({ village_id: a.parent_id, town_id: areaById.get(a.parent_id as string)?.town_id, name: `第${a.sort}网格` })
      }
    }
    const siblings = groupBy(areas, (a) => a.parent_id ?? '')
    for (const group of siblings.values()) {
      expect(group.map((a) => a.sort).sort((x, y) => x - y)).toEqual(group.map((_, i) => i + 1))
    }
    const villageNames = areas.filter((a) => a.level !== 'grid').map((a) => a.name)
    expect(new Set(villageNames).size).toBe(villageNames.length)
  })

  it("files every household and resident under its grid's village, town and county", () => {
    const badHouseholds = households.filter((h) => {
      const grid = areaById.get(h.grid_id)
      return (
        grid?.level !== 'grid' ||
        !/^h\d{3}$/.test(h.id.slice(h.grid_id.length + 1)) ||
        !h.id.startsWith(`${h.grid_id}-`) ||
        h.village_id !== grid.parent_id ||
        h.town_id !== grid.town_id ||
        h.county_id !== 'c1'
      )
    })
    expect(badHouseholds.slice(0, 3)).toEqual([])
    const householdById = new Map(households.map((h) => [h.id, h]))
    const badResidents = residents.filter((r) => {
      const h = householdById.get(r.household_id)
      return (
        !h ||
        !/^r\d$/.test(r.id.slice(h.id.length + 1)) ||
        !r.id.startsWith(`${h.id}-`) ||
        r.grid_id !== h.grid_id ||
        r.village_id !== h.village_id ||
        r.town_id !== h.town_id ||
        r.county_id !== h.county_id
      )
    })
    expect(badResidents.slice(0, 3)).toEqual([])
  })

  it('gives households realistic, unique doorplates and a fresh visit summary', () => {
    const fresh = { visit_count: 0, covered: 0, last_visit_at: null, last_outcome: null, deleted_at: null, created_at: NOW }
    const bad = households.filter((h) => {
      const village = areaById.get(h.village_id) as AreasTable
      const rest = h.doorplate.slice(village.name.length)
      return (
        !h.doorplate.startsWith(village.name) ||
        !/^(\d+组\d+号|\d+栋\d+单元\d+0\d室)$/.test(rest) ||
        Object.entries(fresh).some(([k, v]) => h[k as keyof HouseholdsTable] !== v)
      )
    })
    expect(bad.slice(0, 3)).toEqual([])
    expect(new Set(households.map((h) => h.doorplate)).size).toBe(households.length)
    expect(households.some((h) => h.doorplate.endsWith('室'))).toBe(true)
    expect(households.some((h) => h.doorplate.endsWith('号'))).toBe(true)
  })

  it('names the head of household after its first resident, an adult', () => {
    const firstResident = new Map(residents.filter((r) => r.id.endsWith('-r1')).map((r) => [r.household_id, r]))
    const bad = households.filter((h) => {
      const first = firstResident.get(h.id)
      return !first || first.name !== h.head_name || YEAR - (first.birth_year as number) < 18
    })
    expect(bad.slice(0, 3)).toEqual([])
  })

  it('gives residents plausible ages, genders, phones and tags', () => {
    const ageOf = (r: ResidentsTable) => YEAR - (r.birth_year as number)
    const bad = residents.filter((r) => {
      const age = ageOf(r)
      const tags = JSON.parse(r.tags) as string[]
      return (
        !(age >= 0 && age <= 90) ||
        (r.gender !== 'M' && r.gender !== 'F') ||
        !/^[\u4e00-\u9fa5]{2,4}$/.test(r.name) ||
        (age < 16 && r.phone !== null) ||
        (r.phone !== null && !/^1[358]\d{9}$/.test(r.phone)) ||
        tags.some((t) => !TAGS.includes(t)) ||
        tags.includes('老年人') !== age >= 60 ||
        (tags.includes('学生') && (age < 6 || age > 22)) ||
        r.deleted_at !== null
      )
    })
    expect(bad.slice(0, 3)).toEqual([])
    const share = (pred: (r: ResidentsTable) => boolean) => residents.filter(pred).length / residents.length
    expect(share((r) => ageOf(r) >= 16 && ageOf(r) <= 60)).toBeGreaterThan(0.45)
    expect(share((r) => ageOf(r) < 16)).toBeGreaterThan(0.05)
    expect(share((r) => r.phone !== null)).toBeGreaterThan(0.6)
    for (const tag of TAGS) expect(share((r) => r.tags.includes(tag))).toBeGreaterThan(0)
    const phones = residents.flatMap((r) => (r.phone ? [r.phone] : []))
    expect(new Set(phones).size).toBe(phones.length)
  })

  it('gives every household and resident its own rev from the shared counter', async () => {
    const revs = [...households.map((h) => Number(h.rev)), ...residents.map((r) => Number(r.rev))]
    expect(new Set(revs).size).toBe(revs.length)
    expect(Math.min(...revs)).toBe(1)
    const counter = await db.kysely.selectFrom('counters').select('value').where('name', '=', 'rev').executeTakeFirstOrThrow()
    expect(Number(counter.value)).toBe(Math.max(...revs))
  })

  it('creates one user per area, and a 核查员 per town and for the county, whose demo login code resolves, by hash only, to that user', async () => {
    const users = await db.kysely.selectFrom('users').selectAll().execute()
    const verifierAreas = areas.filter((a) => a.level === 'town' || a.level === 'county')
    expect(users).toHaveLength(areas.length + verifierAreas.length)
    expect(logins).toHaveLength(areas.length + verifierAreas.length)
    const official = users.filter((u) => u.role !== 'verifier')
    expect(new Set(official.map((u) => u.area_id)).size).toBe(areas.length)
    expect(users.filter((u) => u.role === 'verifier').map((u) => u.area_id).sort()).toEqual(verifierAreas.map((a) => a.id).sort())
    const roleOfLevel = { county: 'county_admin', town: 'town_official', village: 'village_head', grid: 'worker' }
    for (const login of logins) {
      const matches = users.filter((u) => u.login_code_hash === hashCode(login.code))
      expect(matches).toHaveLength(1)
      const area = areaById.get(login.areaId) as AreasTable
      expect(matches[0]).toMatchObject({ role: login.role, area_id: area.id, name: login.name, created_at: NOW })
      expect(login.areaName).toBe(area.name)
      const areaCode = area.id === 'c1' ? 'county' : area.id
      if (login.role === 'verifier') {
        expect(login.code).toBe(`demo-verifier-${areaCode}`)
        continue
      }
      expect(login.role).toBe(roleOfLevel[area.level])
      expect(login.code).toBe(`demo-${areaCode}`)
    }
    expect(JSON.stringify(users)).not.toContain('demo-')
  })

  it('lists logins county first, then towns, village heads, grid workers and 核查员', () => {
    const order = ['county_admin', 'town_official', 'village_head', 'worker', 'verifier']
    const ranks = logins.map((l) => order.indexOf(l.role))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(logins.slice(0, 4).map((l) => l.code)).toEqual(['demo-county', 'demo-t1', 'demo-t2', 'demo-t3'])
    expect(logins.find((l) => l.role === 'worker')?.code).toBe('demo-t1-v01-g1')
  })

  it('creates the county-wide 2026 campaign', async () => {
    const campaigns = await db.kysely.selectFrom('campaigns').selectAll().execute()
    expect(campaigns).toEqual([
      { id: 'camp-2026', area_id: 'c1', name: '2026年反电诈全民宣传入户行动', starts_on: '2026-11-01', ends_on: '2027-06-30', created_at: NOW, proof_policy: null, purged_at: null },
    ])
  })
})

describe('seedDemoCounty determinism and options', () => {
  it('gives the same households and residents for the same seed, and different ones for another seed', async () => {
    const a = await seedSmall({ seed: 11 })
    const b = await seedSmall({ seed: 11 })
    const c = await seedSmall({ seed: 12 })
    expect(a.households.length).toBeGreaterThan(0)
    expect(b.households.map((h) => [h.id, h.doorplate, h.head_name])).toEqual(a.households.map((h) => [h.id, h.doorplate, h.head_name]))
    expect(b.residents).toEqual(a.residents)
    expect(c.households.map((h) => h.doorplate)).not.toEqual(a.households.map((h) => h.doorplate))
  })

  it('honours scaled options', async () => {
    const db = await freshDb()
    try {
      const { counts } = await seedDemoCounty(db, { towns: 4, villagesPerTown: [2, 2], gridsPerVillage: [3, 3], householdsPerGrid: [1000, 1000], now: NOW })
      expect(counts).toMatchObject({ towns: 4, villages: 8, grids: 24, households: 24_000 })
      const ids = await db.kysely.selectFrom('households').select('id').where('grid_id', '=', 't4-v02-g3').orderBy('id').execute()
      expect(ids.map((h) => h.id).slice(-1)).toEqual(['t4-v02-g3-h1000'])
    } finally {
      await db.close()
    }
  }, 60_000)
})

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>()
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1)
  return out
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const list = out.get(key(item))
    if (list) list.push(item)
    else out.set(key(item), [item])
  }
  return out
}

/** Items whose measured value is missing or outside [min, max], with the value, for a readable failure. */
function outside<T extends { id: string }>(items: T[], value: (item: T) => number | undefined, min: number, max: number) {
  return items.flatMap((item) => {
    const v = value(item)
    return v !== undefined && v >= min && v <= max ? [] : [{ id: item.id, value: v }]
  })
}
