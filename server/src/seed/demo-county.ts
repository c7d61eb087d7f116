// Seeds a deterministic demo county: area tree, one user per area with demo login codes (and a 核查员 per town and for
// the county: demo-verifier-<town id>, demo-verifier-county), households, residents, campaign.
import { chinaYear } from '@core/china-time'
import type { Role } from '@core/schemas/auth'
import { hashCode } from '../auth/secrets'
import { allocateRevs, type Db } from '../db/database'
import type { Insertable, Kysely } from 'kysely'
import type { AreasTable, Database, HouseholdsTable, ResidentsTable, UsersTable } from '../db/schema'
import { seedCampaignPlan } from './campaign-plan'
import { refreshGridTallies } from '../services/grid-tallies'
import { seedFieldCatalog } from './field-catalog'
import * as names from './names'
import { createPrng, mixSeed, type Prng } from './prng'

export interface DemoLogin {
  code: string
  role: Role
  name: string
  areaId: string
  areaName: string
}

export interface SeedOptions {
  seed?: number
  towns?: number
  villagesPerTown?: [number, number]
  gridsPerVillage?: [number, number]
  householdsPerGrid?: [number, number]
  now?: number
}

export interface SeedCounts {
  towns: number
  villages: number
  grids: number
  households: number
  residents: number
}

const COUNTY_ID = 'c1'
const COUNTY_NAME = '青禾县'
const CAMPAIGN = { id: 'camp-2026', name: '2026年反电诈全民宣传入户行动', starts_on: '2026-11-01', ends_on: '2027-06-30' }

const DEFAULTS: Required<Omit<SeedOptions, 'now'>> = {
  seed: 20261123,
  towns: 3,
  villagesPerTown: [9, 11],
  gridsPerVillage: [3, 6],
  householdsPerGrid: [60, 200],
}

/** Offset of the verifiers' PRNG streams (towns use 1…towns, the county root 0). */
const VERIFIER_STREAM = 100_000

/** PostgreSQL caps a statement at 65535 bind parameters and this SQLite build at 32766; stay below both. */
const MAX_BIND_PARAMS = 30_000

const HOUSEHOLD_SIZES: readonly (readonly [number, number])[] = [[1, 12], [2, 26], [3, 24], [4, 20], [5, 12], [6, 6]]
const HEAD_AGES: readonly (readonly [[number, number], number])[] = [[[22, 34], 18], [[35, 49], 27], [[50, 64], 30], [[65, 88], 25]]
const LONE_HEAD_AGES: readonly (readonly [[number, number], number])[] = [[[20, 34], 25], [[35, 59], 25], [[60, 90], 50]]
const TOWN_KINDS: readonly (readonly [names.TownKind, number])[] = [['镇', 6], ['乡', 2.5], ['街道', 1.5]]

interface Context {
  opts: Required<Omit<SeedOptions, 'now'>>
  now: number
  /** Calendar year in China time, from which ages become birth years. */
  year: number
  placeNames: Set<string>
  phones: Set<string>
}

interface AreaRef {
  id: string
  name: string
  townId: string
  villageId: string | null
}

interface TownPlan {
  areas: Insertable<AreasTable>[]
  users: Insertable<UsersTable>[]
  households: Insertable<HouseholdsTable>[]
  residents: Insertable<ResidentsTable>[]
  townLogin: DemoLogin
  verifierLogin: DemoLogin
  headLogins: DemoLogin[]
  workerLogins: DemoLogin[]
  villages: number
  grids: number
}

interface Member {
  gender: names.Gender
  age: number
  familyName: string
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('areas').select('id').limit(1).executeTakeFirst()
  return row === undefined
}

export async function seedDemoCounty(
  db: Db,
  opts: SeedOptions = {},
): Promise<{ logins: DemoLogin[]; counts: SeedCounts }> {
  const ctx = createContext(opts)
  const { admin: countyLogin, verifier: countyVerifier } = await seedCountyRoot(db, ctx)
  const counts: SeedCounts = { towns: 0, villages: 0, grids: 0, households: 0, residents: 0 }
  const townLogins: DemoLogin[] = []
  const headLogins: DemoLogin[] = []
  const workerLogins: DemoLogin[] = []
  const verifierLogins: DemoLogin[] = [countyVerifier]
  for (let t = 1; t <= ctx.opts.towns; t++) {
    const plan = planTown(ctx, t)
    await writeTown(db, plan)
    counts.towns++
    counts.villages += plan.villages
    counts.grids += plan.grids
    counts.households += plan.households.length
    counts.residents += plan.residents.length
    townLogins.push(plan.townLogin)
    headLogins.push(...plan.headLogins)
    workerLogins.push(...plan.workerLogins)
    verifierLogins.push(plan.verifierLogin)
  }
  return { logins: [countyLogin, ...townLogins, ...headLogins, ...workerLogins, ...verifierLogins], counts }
}

function createContext(opts: SeedOptions): Context {
  const now = opts.now ?? Date.now()
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined))
  return {
    opts: { ...DEFAULTS, ...defined },
    now,
    year: chinaYear(now),
    placeNames: new Set([COUNTY_NAME]),
    phones: new Set(),
  }
}

/** A 核查员 (电话抽查) of a town or the county, from a stream of its own so the rest of the demo stays as it was. */
function makeVerifier(ctx: Context, area: AreaRef, stream: number, code: string): { user: Insertable<UsersTable>; login: DemoLogin } {
  return makeUser(ctx, createPrng(mixSeed(ctx.opts.seed, VERIFIER_STREAM + stream)), 'verifier', area, `verifier-${area.id}`, code)
}

async function seedCountyRoot(db: Db, ctx: Context): Promise<{ admin: DemoLogin; verifier: DemoLogin }> {
  const prng = createPrng(mixSeed(ctx.opts.seed, 0))
  const county: AreaRef = { id: COUNTY_ID, name: COUNTY_NAME, townId: '', villageId: null }
  const { user, login } = makeUser(ctx, prng, 'county_admin', county, 'c1', 'demo-county')
  const verifier = makeVerifier(ctx, county, 0, 'demo-verifier-county')
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('areas')
      .values({ id: COUNTY_ID, level: 'county', parent_id: null, name: COUNTY_NAME, county_id: COUNTY_ID, town_id: null, village_id: null, sort: 1 })
      .execute()
    await trx.insertInto('users').values([user, verifier.user]).execute()
    await trx.insertInto('campaigns').values({ ...CAMPAIGN, area_id: COUNTY_ID, created_at: ctx.now }).execute()
    await seedFieldCatalog(trx, COUNTY_ID, ctx.now)
    await seedCampaignPlan(trx, CAMPAIGN.id, COUNTY_ID, ctx.now)
  })
  return { admin: login, verifier: verifier.login }
}

function makeUser(
  ctx: Context,
  prng: Prng,
  role: DemoLogin['role'],
  area: AreaRef,
  idSuffix: string,
  code: string,
): { user: Insertable<UsersTable>; login: DemoLogin } {
  const gender = prng.chance(0.65) ? 'M' : 'F'
  const name = names.personName(prng, gender, ctx.year - prng.int(26, 55))
  const user: Insertable<UsersTable> = {
    id: `u-${idSuffix}`,
    name,
    role,
    area_id: area.id,
    login_code_hash: hashCode(code),
    bind_code_hash: null,
    wx_openid: null,
    created_at: ctx.now,
  }
  return { user, login: { code, role, name, areaId: area.id, areaName: area.name } }
}

function planTown(ctx: Context, t: number): TownPlan {
  // Each town draws from its own stream, so one town's size does not reshuffle the next town's data.
  const prng = createPrng(mixSeed(ctx.opts.seed, t))
  const kind = t === 1 ? '镇' : prng.weighted(TOWN_KINDS)
  const id = `t${t}`
  const name = names.uniqueName(prng, ctx.placeNames, (p) => names.townName(p, kind, t === 1))
  const town: AreaRef = { id, name, townId: id, villageId: null }
  const { user, login } = makeUser(ctx, prng, 'town_official', town, id, `demo-${id}`)
  const verifier = makeVerifier(ctx, town, t, `demo-verifier-${id}`)
  const plan: TownPlan = {
    areas: [areaRow(town, 'town', COUNTY_ID, t)],
    users: [user, verifier.user],
    households: [],
    residents: [],
    townLogin: login,
    verifierLogin: verifier.login,
    headLogins: [],
    workerLogins: [],
    villages: 0,
    grids: 0,
  }
  const villageCount = prng.int(...ctx.opts.villagesPerTown)
  const communities = communityCount(prng, kind, t === 1, villageCount)
  for (let v = 1; v <= villageCount; v++) planVillage(ctx, prng, plan, town, v, v <= communities)
  return plan
}

function communityCount(prng: Prng, kind: names.TownKind, isCountySeat: boolean, villages: number): number {
  if (kind === '街道') return villages
  if (isCountySeat) return Math.min(villages, prng.int(3, 5))
  return kind === '镇' ? Math.min(villages, prng.int(0, 2)) : 0
}

function areaRow(area: AreaRef, level: AreasTable['level'], parentId: string, sort: number): Insertable<AreasTable> {
  return {
    id: area.id,
    level,
    parent_id: parentId,
    name: area.name,
    county_id: COUNTY_ID,
    town_id: area.townId,
    village_id: area.villageId,
    sort,
  }
}

function planVillage(ctx: Context, prng: Prng, plan: TownPlan, town: AreaRef, v: number, isCommunity: boolean): void {
  const id = `${town.id}-v${String(v).padStart(2, '0')}`
  const name = names.uniqueName(prng, ctx.placeNames, isCommunity ? names.communityName : names.villageName)
  const village: AreaRef = { id, name, townId: town.id, villageId: id }
  plan.areas.push(areaRow(village, 'village', town.id, v))
  const { user, login } = makeUser(ctx, prng, 'village_head', village, id, `demo-${id}`)
  plan.users.push(user)
  plan.headLogins.push(login)
  plan.villages++
  const doorplates = isCommunity ? names.communityDoorplates(prng, name) : names.villageDoorplates(prng, name)
  const gridCount = prng.int(...ctx.opts.gridsPerVillage)
  for (let g = 1; g <= gridCount; g++) planGrid(ctx, prng, plan, village, g, doorplates)
}

function planGrid(
  ctx: Context,
  prng: Prng,
  plan: TownPlan,
  village: AreaRef,
  g: number,
  doorplates: names.DoorplateCursor,
): void {
  const grid: AreaRef = { id: `${village.id}-g${g}`, name: names.gridName(g), townId: village.townId, villageId: village.id }
  plan.areas.push(areaRow(grid, 'grid', village.id, g))
  const { user, login } = makeUser(ctx, prng, 'worker', grid, grid.id, `demo-${grid.id}`)
  plan.users.push(user)
  plan.workerLogins.push(login)
  plan.grids++
  const householdCount = prng.int(...ctx.opts.householdsPerGrid)
  const width = Math.max(3, String(householdCount).length)
  for (let h = 1; h <= householdCount; h++) {
    planHousehold(ctx, prng, plan, grid, `${grid.id}-h${String(h).padStart(width, '0')}`, doorplates())
  }
}

function planHousehold(ctx: Context, prng: Prng, plan: TownPlan, grid: AreaRef, id: string, doorplate: string): void {
  const members = planFamily(prng, prng.weighted(HOUSEHOLD_SIZES))
  const migrant = prng.chance(0.08)
  const place = { grid_id: grid.id, village_id: grid.villageId as string, town_id: grid.townId, county_id: COUNTY_ID }
  const residents = members.map(
    (m, i): Insertable<ResidentsTable> => ({
      id: `${id}-r${i + 1}`,
      household_id: id,
      ...place,
      name: names.personName(prng, m.gender, ctx.year - m.age, m.familyName),
      birth_year: ctx.year - m.age,
      gender: m.gender,
      phone: m.age >= 16 && prng.chance(m.age >= 75 ? 0.7 : 0.97) ? uniquePhone(ctx, prng) : null,
      tags: JSON.stringify(tagsFor(prng, m.age, migrant)),
      created_at: ctx.now,
      deleted_at: null,
      rev: 0,
    }),
  )
  plan.residents.push(...residents)
  plan.households.push({
    id,
    ...place,
    doorplate,
    // The head (户主) is always generated first and always an adult.
    head_name: residents[0].name,
    created_at: ctx.now,
    deleted_at: null,
    rev: 0,
    visit_count: 0,
    covered: 0,
    last_visit_at: null,
    last_outcome: null,
  })
}

function uniquePhone(ctx: Context, prng: Prng): string {
  let phone = names.mobilePhone(prng)
  while (ctx.phones.has(phone)) phone = names.mobilePhone(prng)
  ctx.phones.add(phone)
  return phone
}

function ageIn(prng: Prng, bands: readonly (readonly [[number, number], number])[]): number {
  const [min, max] = prng.weighted(bands)
  return prng.int(min, max)
}

const clampAge = (age: number): number => Math.max(0, Math.min(90, age))
const opposite = (g: names.Gender): names.Gender => (g === 'M' ? 'F' : 'M')
const randomGender = (prng: Prng): names.Gender => (prng.chance(0.52) ? 'M' : 'F')

/** A plausible family: head first, then spouse, then children, the head's parents or grandchildren. */
function planFamily(prng: Prng, size: number): Member[] {
  const head: Member = {
    gender: prng.chance(0.8) ? 'M' : 'F',
    age: ageIn(prng, size === 1 ? LONE_HEAD_AGES : HEAD_AGES),
    familyName: names.surname(prng),
  }
  const members = [head]
  let father = head
  if (size >= 2 && prng.chance(0.85)) {
    const spouse: Member = { gender: opposite(head.gender), age: clampAge(head.age + prng.int(-6, 6)), familyName: names.surname(prng) }
    members.push(spouse)
    if (spouse.gender === 'M') father = spouse
  }
  // Children take the father's surname; a lone mother's late or absent husband is unknown, so draw one.
  const childrenName = father.gender === 'M' ? father.familyName : names.surname(prng)
  const extend = head.age >= 58 ? olderHeadRelatives : youngerHeadRelatives
  members.push(...extend(prng, head, childrenName, size - members.length))
  return members
}

/** Children (up to three), then the head's own parents, then any further children. */
function youngerHeadRelatives(prng: Prng, head: Member, familyName: string, slots: number): Member[] {
  const child = (): Member => ({ gender: randomGender(prng), age: clampAge(head.age - prng.int(22, 34)), familyName })
  const out: Member[] = []
  const children = Math.min(slots, prng.int(1, 3))
  for (let i = 0; i < children; i++) out.push(child())
  const parentAge = clampAge(head.age + prng.int(24, 32))
  if (out.length < slots) out.push({ gender: 'M', age: parentAge, familyName: head.familyName })
  if (out.length < slots) out.push({ gender: 'F', age: clampAge(parentAge - prng.int(0, 4)), familyName: names.surname(prng) })
  while (out.length < slots) out.push(child())
  return out
}

/** An adult child, the child's spouse, then grandchildren. */
function olderHeadRelatives(prng: Prng, head: Member, familyName: string, slots: number): Member[] {
  if (slots <= 0) return []
  const son = prng.chance(0.7)
  const child: Member = { gender: son ? 'M' : 'F', age: Math.max(18, head.age - prng.int(24, 34)), familyName }
  const out: Member[] = [child]
  if (out.length < slots) {
    out.push({ gender: opposite(child.gender), age: clampAge(child.age + prng.int(-4, 4)), familyName: names.surname(prng) })
  }
  const grandchildName = son ? familyName : names.surname(prng)
  while (out.length < slots) {
    out.push({ gender: randomGender(prng), age: clampAge(child.age - prng.int(22, 32)), familyName: grandchildName })
  }
  return out
}

function tagsFor(prng: Prng, age: number, migrantHousehold: boolean): string[] {
  const tags: string[] = []
  if (age >= 60) tags.push('老年人')
  const student = (age >= 6 && age <= 18 && prng.chance(0.97)) || (age >= 19 && age <= 22 && prng.chance(0.55))
  if (student) tags.push('学生')
  if (!student && age >= 18 && age < 60) {
    if (migrantHousehold && prng.chance(0.85)) tags.push('外来务工人员')
    if (age >= 22 && age <= 55 && prng.chance(0.03)) tags.push('企业财会人员')
  }
  return tags
}

async function writeTown(db: Db, plan: TownPlan): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    let rev = await allocateRevs(trx, plan.households.length + plan.residents.length)
    for (const row of plan.households) row.rev = rev++
    for (const row of plan.residents) row.rev = rev++
    await insertChunked(trx, 'areas', plan.areas)
    await insertChunked(trx, 'users', plan.users)
    await insertChunked(trx, 'households', plan.households)
    await insertChunked(trx, 'residents', plan.residents)
    await refreshGridTallies(trx, plan.areas.filter((a) => a.level === 'grid').map((a) => a.id))
  })
}

async function insertChunked<T extends 'areas' | 'users' | 'households' | 'residents'>(
  trx: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return
  const perChunk = Math.max(1, Math.floor(MAX_BIND_PARAMS / Object.keys(rows[0]).length))
  for (let i = 0; i < rows.length; i += perChunk) {
    await trx.insertInto(table).values(rows.slice(i, i + perChunk)).execute()
  }
}
