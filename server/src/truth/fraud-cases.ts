// 逐案倒查: fraud cases a town official or the county enters, matched to a victim of their area, and the back-check of
// what the outreach had reached before each case (queries/case-reach.ts holds the verdict's rule).
//
// Rules, by example:
// - a town official of 城关镇 asks for a case of another town, or an id that does not exist: the same 403;
// - the back-check lists only what happened before the case date (China time); a visit found 不属实 is listed as such
//   and does not make the victim reached;
// - entering a case and opening its back-check are written to the audit trail ('case.create', 'case.view').
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { chinaDate, chinaDateStart, chinaYear } from '@core/china-time'
import { coveragePct } from '@core/coverage'
import { indexHouseholds, searchHouseholds } from '@core/household-search'
import { matchKey } from '@core/imports/keys'
import { maskPhone } from '@core/mask'
import type { ReviewState } from '@core/review'
import type { ScamType } from '@core/scam-types'
import type {
  BackCheck,
  CaseReachResponse,
  FraudCase,
  FraudCasesQuery,
  FraudCasesResponse,
  NewFraudCase,
  VictimHousehold,
  VictimSearchResponse,
} from '@core/schemas/fraud-case'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { VisitOutcome } from '@core/schemas/visit'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import { levelColumn, scopeColumn, type UserContext } from '../auth/user-context'
import { areaInScope, childAreas } from '../services/areas'
import { recordAudit } from '../services/audit'
import { reachedBeforeCase } from '../queries/case-reach'
import { phoneIndexPattern } from '../crypto/phone-cipher'

/** Households listed for one search: a name shared by half a town is narrowed by the doorplate, not scrolled. */
const VICTIM_LIMIT = 20
/** Candidates the SQL pre-filter may hand to the list search's own matching (which decides). */
const CANDIDATE_LIMIT = 400

/** `%`, `\` become `_` (any one character), so the pre-filter finds a superset of what the search matches. */
const likeSafe = (s: string) => s.replace(/[%\\]/g, '_')

/**
 * Households of the area matching the worker's list search (core/household-search.ts) on a member's name, a phone's
 * last digits or the doorplate; SQL narrows the area to candidates first, so a county search reads no whole register.
 */
export async function searchVictims(db: Db, user: UserContext, query: { q: string; areaId?: string }, now: number): Promise<VictimSearchResponse> {
  const area = await areaInScope(db, user, query.areaId)
  const col = levelColumn(area.level)
  const whole = likeSafe(matchKey(query.q))
  const digits = /^\d{3,}$/.test(whole) ? whole : null
  const pieces = query.q.split(/\s+/).flatMap((t) => matchKey(t).match(/\d+|\D+/g) ?? []).map(likeSafe)
  const doorplate = `%${pieces.join('%')}%`
  const candidates = await db.kysely
    .selectFrom('households as h')
    .select('h.id')
    .where(`h.${col}`, '=', area.id)
    .where('h.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('h.head_name', 'like', `%${whole}%`),
        eb('h.doorplate', 'like', doorplate),
        eb('h.doorplate_key', 'like', doorplate),
        eb.exists(
          eb
            .selectFrom('residents as m')
            .select('m.id')
            .whereRef('m.household_id', '=', 'h.id')
            .where('m.deleted_at', 'is', null)
            .where((e) => e.or([e('m.name', 'like', `%${whole}%`), ...(digits ? [e('m.phone_index', 'like', phoneIndexPattern(digits))] : [])])),
        ),
      ]),
    )
    .orderBy('h.id')
    .limit(CANDIDATE_LIMIT)
    .execute()
  const ids = candidates.map((c) => c.id)
  if (ids.length === 0) return { households: [], more: false }
  const [households, residents] = await Promise.all([
    db.kysely
      .selectFrom('households as h')
      .innerJoin('areas as g', 'g.id', 'h.grid_id')
      .innerJoin('areas as v', 'v.id', 'h.village_id')
      .select(['h.id', 'h.doorplate', 'h.head_name', 'g.name as grid_name', 'v.name as village_name'])
      .where('h.id', 'in', ids)
      .orderBy('h.village_id')
      .orderBy('h.doorplate')
      .execute(),
    db.kysely
      .selectFrom('residents')
      .select(['id', 'household_id', 'name', 'birth_year', 'phone'])
      .where('household_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute(),
  ])
  const index = indexHouseholds(
    households.map((h) => ({ id: h.id, doorplate: h.doorplate, headName: h.head_name })),
    residents.map((r) => ({ householdId: r.household_id, name: r.name, phone: r.phone })),
  )
  const matched = searchHouseholds(households, (h) => h.id, index, query.q)
  const year = chinaYear(now)
  const list: VictimHousehold[] = matched.slice(0, VICTIM_LIMIT).map((h) => ({
    id: h.id,
    doorplate: h.doorplate,
    headName: h.head_name,
    villageName: h.village_name,
    gridName: h.grid_name,
    residents: residents
      .filter((r) => r.household_id === h.id)
      .map((r) => ({ id: r.id, name: r.name, age: r.birth_year === null ? null : year - r.birth_year, phone: maskPhone(r.phone) || null })),
  }))
  return { households: list, more: matched.length > VICTIM_LIMIT || candidates.length === CANDIDATE_LIMIT }
}

/** Enters a case for a household of the caller's area (and a member of it, when named); audited. */
export async function createCase(db: Db, user: UserContext, body: NewFraudCase, now: number): Promise<FraudCase> {
  if (body.caseDate > chinaDate(now)) throw new AppError('CASE_DATE_FUTURE')
  const h = await db.kysely
    .selectFrom('households')
    .select(['id', 'grid_id', 'village_id', 'town_id', 'county_id'])
    .where('id', '=', body.householdId)
    .executeTakeFirst()
  if (!h || h[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
  if (body.residentId) {
    const r = await db.kysely.selectFrom('residents').select('id').where('id', '=', body.residentId).where('household_id', '=', h.id).executeTakeFirst()
    if (!r) throw new AppError('RESIDENT_NOT_FOUND')
  }
  const id = randomUUID()
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('fraud_cases')
      .values({
        id,
        case_date: body.caseDate,
        case_start_at: chinaDateStart(body.caseDate),
        scam_type: body.scamType,
        amount_fen: body.amountFen,
        household_id: h.id,
        resident_id: body.residentId,
        grid_id: h.grid_id,
        village_id: h.village_id,
        town_id: h.town_id,
        county_id: h.county_id,
        note: body.note,
        created_by: user.id,
        created_at: now,
      })
      .execute()
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'case.create',
      entity: 'fraud_case',
      entityId: id,
      detail: { caseDate: body.caseDate, scamType: body.scamType, householdId: h.id, residentId: body.residentId },
    })
  })
  return (await casesWhere(db.kysely, (q) => q.where('c.id', '=', id)))[0]
}

type CaseQuery = ReturnType<typeof caseSelect>

function caseSelect(db: Kysely<Database>) {
  return db
    .selectFrom('fraud_cases as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .innerJoin('areas as v', 'v.id', 'c.village_id')
    .leftJoin('residents as p', 'p.id', 'c.resident_id')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select([
      'c.id',
      'c.case_date',
      'c.case_start_at',
      'c.scam_type',
      'c.amount_fen',
      'c.household_id',
      'c.resident_id',
      'c.grid_id',
      'c.village_id',
      'c.town_id',
      'c.county_id',
      'c.note',
      'c.created_at',
      'h.doorplate',
      'h.head_name',
      'p.name as resident_name',
      'v.name as village_name',
      'u.name as created_by_name',
      reachedBeforeCase('c').as('reached'),
    ])
}

type CaseRow = Awaited<ReturnType<CaseQuery['execute']>>[number]

async function casesWhere(db: Kysely<Database>, narrow: (q: CaseQuery) => CaseQuery): Promise<FraudCase[]> {
  return (await narrow(caseSelect(db)).execute()).map(caseOf)
}

function caseOf(r: CaseRow): FraudCase {
  return {
    id: r.id,
    caseDate: r.case_date,
    scamType: r.scam_type as ScamType,
    amountFen: Number(r.amount_fen),
    householdId: r.household_id,
    doorplate: r.doorplate,
    headName: r.head_name,
    residentId: r.resident_id,
    residentName: r.resident_name,
    villageId: r.village_id,
    villageName: r.village_name,
    note: r.note,
    createdByName: r.created_by_name ?? '',
    createdAt: new Date(Number(r.created_at)).toISOString(),
    reached: Number(r.reached) === 1,
  }
}

/** The cases of an area in the caller's scope, the latest entered first, paged by a cursor over when they were entered. */
export async function listCases(db: Db, user: UserContext, query: FraudCasesQuery): Promise<FraudCasesResponse> {
  const area = await areaInScope(db, user, query.areaId)
  const rows = await narrowToArea(caseSelect(db.kysely), area)
    .$if(query.before !== undefined, (q) => q.where('c.created_at', '<', Number(query.before)))
    .orderBy('c.created_at', 'desc')
    .limit(query.limit + 1)
    .execute()
  const page = rows.slice(0, query.limit)
  return {
    area: { id: area.id, name: area.name, level: area.level },
    cases: page.map(caseOf),
    next: rows.length > query.limit ? String(page[page.length - 1].created_at) : null,
  }
}

function narrowToArea(q: CaseQuery, area: { id: string; level: 'county' | 'town' | 'village' | 'grid' }): CaseQuery {
  return q.where(`c.${levelColumn(area.level)}`, '=', area.id)
}

/** One case with what the outreach had reached before its date; unknown or out of scope: 403. Audited. */
export async function backCheck(db: Db, user: UserContext, id: string, now: number): Promise<BackCheck> {
  const row = await caseSelect(db.kysely).where('c.id', '=', id).executeTakeFirst()
  if (!row || row[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
  const c = caseOf(row)
  const before = Number(row.case_start_at)
  const [visits, pledges, handouts, installSteps] = await Promise.all([
    visitsBefore(db.kysely, c.householdId, before),
    pledgesBefore(db.kysely, c.householdId, before),
    handoutsBefore(db.kysely, c.householdId, before),
    c.residentId ? installStepsBefore(db.kysely, c.householdId, c.residentId, c.caseDate, before) : Promise.resolve([]),
  ])
  await recordAudit(db.kysely, { at: now, userId: user.id, action: 'case.view', entity: 'fraud_case', entityId: id, detail: { householdId: c.householdId } })
  return { case: c, visits, pledges, handouts, installSteps }
}

/** Records of the household not replaced by a correction (a 不属实 one stays, to be shown as such), with their worker. */
function standing(db: Kysely<Database>, householdId: string, kind: string) {
  return db
    .selectFrom('records as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .where('r.household_id', '=', householdId)
    .where('r.kind', '=', kind)
    .where('r.superseded_by', 'is', null)
}

function entry(r: { id: string; review_state: ReviewState; received_at: number; author_name: string | null }, at: number, caseStart: number) {
  return {
    recordId: r.id,
    date: chinaDate(at),
    byName: r.author_name ?? '',
    reviewState: r.review_state,
    untrue: r.review_state === 'false',
    receivedAfterCase: Number(r.received_at) >= caseStart,
  }
}

async function visitsBefore(db: Kysely<Database>, householdId: string, caseStart: number): Promise<BackCheck['visits']> {
  const rows = await standing(db, householdId, 'visit')
    .select(['r.id', 'r.review_state', 'r.received_at', 'r.occurred_at', 'r.outcome', 'u.name as author_name'])
    .where('r.occurred_at', '<', caseStart)
    .orderBy('r.occurred_at')
    .execute()
  return rows.map((r) => ({ ...entry(r, Number(r.occurred_at), caseStart), outcome: r.outcome as VisitOutcome | null }))
}

async function pledgesBefore(db: Kysely<Database>, householdId: string, caseStart: number): Promise<BackCheck['pledges']> {
  const rows = await standing(db, householdId, 'pledge')
    .innerJoin('pledges as p', 'p.record_id', 'r.id')
    .select(['r.id', 'r.review_state', 'r.received_at', 'p.signed_at', 'p.signer_name', 'u.name as author_name'])
    .where('p.signed_at', '<', caseStart)
    .orderBy('p.signed_at')
    .execute()
  return rows.map((r) => ({ ...entry(r, Number(r.signed_at), caseStart), signerName: r.signer_name }))
}

/** Hand-outs by when the worker made the record; their items are read from the record, which keeps them when 不属实. */
async function handoutsBefore(db: Kysely<Database>, householdId: string, caseStart: number): Promise<BackCheck['handouts']> {
  const rows = await standing(db, householdId, 'handout')
    .select(['r.id', 'r.review_state', 'r.received_at', 'r.occurred_at', 'r.body', 'u.name as author_name'])
    .where('r.occurred_at', '<', caseStart)
    .orderBy('r.occurred_at')
    .execute()
  const materialIds = new Set<string>()
  const bodies = rows.map((r) => parseStoredRecord('handout', r.body).body)
  for (const b of bodies) for (const i of b.items) materialIds.add(i.materialId)
  const names = new Map<string, string>()
  if (materialIds.size) {
    for (const m of await db.selectFrom('materials').select(['id', 'name']).where('id', 'in', [...materialIds]).execute()) names.set(m.id, m.name)
  }
  return rows.map((r, i) => ({
    ...entry(r, Number(r.occurred_at), caseStart),
    materials: bodies[i].items.map((it) => `${names.get(it.materialId) ?? it.materialId}×${it.quantity}`).join('、'),
  }))
}

/** The resident's install steps dated before the case date, one entry per step of each standing install record. */
async function installStepsBefore(
  db: Kysely<Database>,
  householdId: string,
  residentId: string,
  caseDate: string,
  caseStart: number,
): Promise<BackCheck['installSteps']> {
  const rows = await standing(db, householdId, 'install')
    .select(['r.id', 'r.review_state', 'r.received_at', 'r.body', 'u.name as author_name'])
    .orderBy('r.seq')
    .execute()
  return rows
    .flatMap((r) => {
      const body = parseStoredRecord('install', r.body).body
      if (body.residentId !== residentId) return []
      return body.steps
        .filter((s) => s.doneOn < caseDate)
        .map((s) => ({ ...entry(r, chinaDateStart(s.doneOn), caseStart), date: s.doneOn, step: s.step }))
    })
    .sort((a, b) => a.date.localeCompare(b.date))
}

/** Per child area of the one asked (a town's villages, the county's towns): cases, victims reached before, share. */
export async function caseReach(db: Db, user: UserContext, query: { areaId?: string; from?: string; to?: string }): Promise<CaseReachResponse> {
  const area = await areaInScope(db, user, query.areaId)
  const children = await childAreas(db, area.id)
  const childLevel = children[0]?.level ?? 'grid'
  const childCol = levelColumn(childLevel)
  const rows = await db.kysely
    .selectFrom('fraud_cases as c')
    .select([`c.${childCol} as child_id`, sql<number>`count(*)`.as('cases'), sql<number>`sum(${reachedBeforeCase('c')})`.as('reached')])
    .where(`c.${levelColumn(area.level)}`, '=', area.id)
    .$if(query.from !== undefined, (q) => q.where('c.case_date', '>=', query.from!))
    .$if(query.to !== undefined, (q) => q.where('c.case_date', '<=', query.to!))
    .groupBy(`c.${childCol}`)
    .execute()
  const byChild = new Map(rows.map((r) => [r.child_id as string, { cases: Number(r.cases), reached: Number(r.reached) }]))
  const row = (id: string, name: string, t: { cases: number; reached: number }) => ({
    areaId: id,
    name,
    cases: t.cases,
    reached: t.reached,
    sharePct: t.cases === 0 ? null : coveragePct(t.reached, t.cases),
  })
  const total = [...byChild.values()].reduce((s, t) => ({ cases: s.cases + t.cases, reached: s.reached + t.reached }), { cases: 0, reached: 0 })
  return {
    area: { ...row(area.id, area.name, total), level: area.level },
    rows: children.map((ch) => row(ch.id, ch.name, byChild.get(ch.id) ?? { cases: 0, reached: 0 })),
  }
}
