// 电话抽查: the 核查员's weekly draw for a town or the county (stored with its seed: asking again returns it), the
// items to call with what the records say, the audited phone reveal, and outcomes that set the records' review states.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { chinaDate, chinaDateStart, chinaWeekStart, WEEK_MS } from '@core/china-time'
import { uuidv7 } from '@core/ids'
import { maskPhone } from '@core/mask'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { InstallStep } from '@core/schemas/install'
import type { SpotCheckDraw, SpotCheckItem, SpotCheckOutcome, SpotCheckOutcomeBody, SpotCheckQuery } from '@core/schemas/spot-checks'
import type { ReviewState } from '@core/review'
import type { Db } from '../db/database'
import type { Database, SpotCheckDrawsTable, SpotCheckItemsTable } from '../db/schema'
import { AppError } from '../http/app-error'
import { scopeColumn, levelColumn, type UserContext } from '../auth/user-context'
import { counted } from '../queries/counted-records'
import { areaInScope, type Area } from '../services/areas'
import { recordAudit } from '../services/audit'
import { changeReviewStates, type StateChange } from './review'
import { drawSample, type SpotCandidate } from './sampling'
import { spotCheckStats } from './spot-check-stats'

export interface SpotCheckSettings {
  /** Residents drawn per village besides the flagged ones (config SPOT_CHECK_PER_VILLAGE). */
  perVillage: number
  /** Villages above this discrepancy rate are marked (config SPOT_CHECK_DISCREPANCY_PCT). */
  discrepancyPct: number
}

type K = Kysely<Database>
type ItemRow = Omit<SpotCheckItemsTable, 'seq' | 'comment'> & { comment: string }

/** The area a draw is for: a town or the county within the caller's scope. */
async function drawArea(db: Db, user: UserContext, areaId: string | undefined): Promise<Area> {
  const area = await areaInScope(db, user, areaId)
  if (area.level !== 'town' && area.level !== 'county') throw new AppError('SPOT_CHECK_AREA')
  return area
}

/** The week asked for (any day of it), or the last week that has ended. */
export function spotCheckWeek(week: string | undefined, now: number): number {
  return week ? chinaWeekStart(chinaDateStart(week)) : chinaWeekStart(now) - WEEK_MS
}

export async function drawSpotCheck(db: Db, user: UserContext, query: SpotCheckQuery, now: number, settings: SpotCheckSettings): Promise<SpotCheckDraw> {
  const area = await drawArea(db, user, query.areaId)
  const weekStart = spotCheckWeek(query.week, now)
  if (weekStart + WEEK_MS > now) throw new AppError('SPOT_CHECK_WEEK_OPEN')
  const drawId = await db.kysely.transaction().execute(async (trx) => {
    const existing = await drawOf(trx, area.id, weekStart)
    if (existing) return existing.id
    const draw: SpotCheckDrawsTable = {
      id: uuidv7(now, randomBytes),
      area_id: area.id,
      county_id: area.county_id,
      week_start: weekStart,
      seed: randomBytes(16).toString('hex'),
      per_village: settings.perVillage,
      drawn_by: user.id,
      drawn_at: now,
    }
    const inserted = await trx.insertInto('spot_check_draws').values(draw).onConflict((oc) => oc.columns(['area_id', 'week_start']).doNothing()).returning('id').executeTakeFirst()
    // Another request drew this week first: its draw stands.
    if (!inserted) return (await drawOf(trx, area.id, weekStart))!.id
    const sample = drawSample(await weekCandidates(trx, area, weekStart), draw.seed, draw.per_village)
    await insertItems(trx, draw.id, sample, now)
    await recordAudit(trx, { at: now, userId: user.id, action: 'spot_check.draw', entity: 'spot_check_draw', entityId: draw.id, detail: { areaId: area.id, week: chinaDate(weekStart), items: sample.length } })
    return draw.id
  })
  return drawView(db, drawId, area, settings)
}

export async function spotCheckOfWeek(db: Db, user: UserContext, query: SpotCheckQuery, now: number, settings: SpotCheckSettings): Promise<SpotCheckDraw> {
  const area = await drawArea(db, user, query.areaId)
  const draw = await drawOf(db.kysely, area.id, spotCheckWeek(query.week, now))
  if (!draw) throw new AppError('SPOT_CHECK_NOT_DRAWN')
  return drawView(db, draw.id, area, settings)
}

function drawOf(k: K, areaId: string, weekStart: number): Promise<SpotCheckDrawsTable | undefined> {
  return k.selectFrom('spot_check_draws').selectAll().where('area_id', '=', areaId).where('week_start', '=', weekStart).executeTakeFirst()
}

async function insertItems(trx: K, drawId: string, sample: SpotCandidate[], now: number): Promise<void> {
  if (sample.length === 0) return
  const residents = await inChunks(sample.map((s) => s.residentId), (ids) =>
    trx.selectFrom('residents').select(['id', 'town_id', 'county_id']).where('id', 'in', ids).execute(),
  )
  const placeOf = new Map(residents.map((r) => [r.id, r]))
  const rows = sample.map((s) => ({
    id: uuidv7(now, randomBytes),
    draw_id: drawId,
    resident_id: s.residentId,
    household_id: s.householdId,
    village_id: s.villageId,
    town_id: placeOf.get(s.residentId)!.town_id,
    county_id: placeOf.get(s.residentId)!.county_id,
    worker_id: s.workerId,
    record_ids: JSON.stringify(s.recordIds),
    reason: s.reason,
    outcome: null,
    outcome_by: null,
    outcome_at: null,
  }))
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('spot_check_items').values(rows.slice(i, i + 500)).execute()
}

interface RecordRow {
  id: string
  kind: string
  body: string
  household_id: string
  village_id: string
  author_id: string
  received_at: number
}

/**
 * Who may be called about the week: residents whose install steps were recorded (counted install records received in
 * the week) and the residents of every record flagged 待核查 that week, each with the records the call checks (their
 * counted install records and the household's latest visit up to the week's end) and the worker behind them.
 */
export async function weekCandidates(trx: K, area: Area, weekStart: number): Promise<SpotCandidate[]> {
  const weekEnd = weekStart + WEEK_MS
  const col = levelColumn(area.level)
  const inWeek = trx
    .selectFrom('records')
    .select(['id', 'kind', 'body', 'household_id', 'village_id', 'author_id', 'received_at'])
    .where(col, '=', area.id)
    .where('received_at', '>=', weekStart)
    .where('received_at', '<', weekEnd)
  const installs = await inWeek.where('kind', '=', 'install').where(counted()).execute()
  const flagged = await inWeek.where('review_state', '=', 'flagged').execute()
  const picked: { residentId: string | null; record: RecordRow; reason: 'sample' | 'flagged' }[] = [
    ...installs.map((r) => ({ residentId: parseStoredRecord('install', r.body).body.residentId, record: r, reason: 'sample' as const })),
    ...flagged.map((r) => ({ residentId: namedResident(r.body), record: r, reason: 'flagged' as const })),
  ]
  const households = [...new Set(picked.map((p) => p.record.household_id))]
  const residents = await householdResidents(trx, households)
  const history = groupBy(await countedHistory(trx, households, weekEnd), (h) => h.household_id)
  const out: SpotCandidate[] = []
  for (const p of picked) {
    const residentId = p.residentId && residents.byId.has(p.residentId) ? p.residentId : residents.callableOf.get(p.record.household_id)
    if (!residentId) continue
    const mine = (history.get(p.record.household_id) ?? []).filter((h) => h.kind === 'visit' || installResident(h) === residentId)
    const lastVisit = mine.filter((h) => h.kind === 'visit').at(-1)
    const installIds = mine.filter((h) => h.kind === 'install').map((h) => h.id)
    out.push({
      residentId,
      householdId: p.record.household_id,
      villageId: p.record.village_id,
      workerId: mine.at(-1)?.author_id ?? p.record.author_id,
      reason: p.reason,
      recordIds: [...new Set([p.record.id, ...installIds, ...(lastVisit ? [lastVisit.id] : [])])],
    })
  }
  return out
}

/** The resident a record names in its body (an install or pledge), or the first one a visit ticked. */
function namedResident(body: string): string | null {
  const b = (JSON.parse(body) as { body?: { residentId?: unknown; residentIds?: unknown } }).body ?? {}
  if (typeof b.residentId === 'string') return b.residentId
  return Array.isArray(b.residentIds) && typeof b.residentIds[0] === 'string' ? b.residentIds[0] : null
}

function installResident(r: { kind: string; body: string }): string | null {
  return r.kind === 'install' ? parseStoredRecord('install', r.body).body.residentId : null
}

/** Residents on the register by id, and per household the one to call about it: the head if reachable, else anyone with a phone. */
async function householdResidents(trx: K, households: string[]) {
  const rows = await inChunks(households, (ids) =>
    trx
      .selectFrom('residents as p')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .select(['p.id', 'p.household_id', 'p.name', 'p.phone', 'h.head_name'])
      .where('p.household_id', 'in', ids)
      .where('p.deleted_at', 'is', null)
      .orderBy('p.id')
      .execute(),
  )
  const callableOf = new Map<string, string>()
  const rank = (r: (typeof rows)[number]) => (r.phone ? 0 : 2) + (r.name === r.head_name ? 0 : 1)
  for (const r of [...rows].sort((a, b) => rank(a) - rank(b))) if (!callableOf.has(r.household_id)) callableOf.set(r.household_id, r.id)
  return { byId: new Map(rows.map((r) => [r.id, r])), callableOf }
}

/** Counted install and visit records of the households received before `end`, oldest first. */
function countedHistory(trx: K, households: string[], end: number): Promise<RecordRow[]> {
  return inChunks(households, (ids) =>
    trx
      .selectFrom('records')
      .select(['id', 'kind', 'body', 'household_id', 'village_id', 'author_id', 'received_at'])
      .where('household_id', 'in', ids)
      .where('kind', 'in', ['install', 'visit'])
      .where('received_at', '<', end)
      .where(counted())
      .orderBy('received_at')
      .orderBy('seq')
      .execute(),
  ).then((rows) => rows.sort((a, b) => a.received_at - b.received_at))
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const it of items) {
    const list = out.get(keyOf(it))
    if (list) list.push(it)
    else out.set(keyOf(it), [it])
  }
  return out
}

async function inChunks<T>(ids: string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += 500) out.push(...(await run(ids.slice(i, i + 500))))
  return out
}

async function drawView(db: Db, drawId: string, area: Area, settings: SpotCheckSettings): Promise<SpotCheckDraw> {
  const draw = await db.kysely.selectFrom('spot_check_draws as d').innerJoin('users as u', 'u.id', 'd.drawn_by').selectAll('d').select('u.name as drawn_by_name').where('d.id', '=', drawId).executeTakeFirstOrThrow()
  const rows = await itemQuery(db.kysely).where('i.draw_id', '=', drawId).orderBy('i.village_id').orderBy('i.resident_id').execute()
  const items = await itemViews(db.kysely, rows)
  return {
    id: draw.id,
    areaId: area.id,
    areaName: area.name,
    weekStart: chinaDate(draw.week_start),
    drawnAt: new Date(Number(draw.drawn_at)).toISOString(),
    drawnBy: draw.drawn_by_name,
    seed: draw.seed,
    perVillage: draw.per_village,
    thresholdPct: settings.discrepancyPct,
    items,
    villages: spotCheckStats(rows.map((r) => ({ id: r.village_id, name: r.village_name, outcome: r.outcome })), settings.discrepancyPct),
    workers: spotCheckStats(rows.map((r) => ({ id: r.worker_id ?? '', name: r.worker_name ?? '—', outcome: r.outcome })), settings.discrepancyPct),
  }
}

const itemQuery = (k: K) =>
  k
    .selectFrom('spot_check_items as i')
    .innerJoin('residents as p', 'p.id', 'i.resident_id')
    .innerJoin('households as h', 'h.id', 'i.household_id')
    .innerJoin('areas as v', 'v.id', 'i.village_id')
    .leftJoin('users as w', 'w.id', 'i.worker_id')
    .selectAll('i')
    .select(['p.name as resident_name', 'p.phone', 'h.doorplate', 'v.name as village_name', 'w.name as worker_name'])

type ItemJoined = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number]

/** Items as the verifier sees them: what the checked records say (steps with dates, last visit), never their notes. */
async function itemViews(k: K, rows: ItemJoined[]): Promise<SpotCheckItem[]> {
  const recordIds = [...new Set(rows.flatMap((r) => JSON.parse(r.record_ids) as string[]))]
  const records = await inChunks(recordIds, (ids) => k.selectFrom('records').select(['id', 'kind', 'body', 'occurred_at']).where('id', 'in', ids).execute())
  const byId = new Map(records.map((r) => [r.id, r]))
  return rows.map((r) => {
    const own = (JSON.parse(r.record_ids) as string[]).map((id) => byId.get(id)).filter((x) => x !== undefined)
    const steps = new Map<InstallStep, string>()
    for (const rec of own.filter((x) => x.kind === 'install')) {
      for (const s of parseStoredRecord('install', rec.body).body.steps) if (!steps.has(s.step) || steps.get(s.step)! > s.doneOn) steps.set(s.step, s.doneOn)
    }
    const visits = own.filter((x) => x.kind === 'visit').map((x) => Number(x.occurred_at))
    return {
      id: r.id,
      reason: r.reason,
      residentName: r.resident_name,
      phoneMasked: maskPhone(r.phone),
      hasPhone: Boolean(r.phone),
      householdId: r.household_id,
      doorplate: r.doorplate,
      villageId: r.village_id,
      villageName: r.village_name,
      workerName: r.worker_name,
      installSteps: [...steps].map(([step, doneOn]) => ({ step, doneOn })).sort((a, b) => a.doneOn.localeCompare(b.doneOn)),
      visitedOn: visits.length ? chinaDate(Math.max(...visits)) : null,
      outcome: r.outcome,
      outcomeAt: r.outcome_at === null ? null : new Date(Number(r.outcome_at)).toISOString(),
      comment: r.comment,
    }
  })
}

/** An item of a draw in the caller's area; an unknown one is refused the same way. */
async function itemInScope(k: K, user: UserContext, id: string): Promise<ItemJoined> {
  const col = scopeColumn(user)
  // Only a town's or the county's 核查员 reaches items; no item is pinned to a grid.
  if (col === 'grid_id') throw new AppError('FORBIDDEN')
  const row = await itemQuery(k).where('i.id', '=', id).where(`i.${col}`, '=', user.areaId).executeTakeFirst()
  if (!row) throw new AppError('FORBIDDEN')
  return row
}

export async function revealSpotCheckPhone(db: Db, user: UserContext, id: string, now: number): Promise<{ phone: string | null }> {
  const item = await itemInScope(db.kysely, user, id)
  await recordAudit(db.kysely, { at: now, userId: user.id, action: 'spot_check.phone_reveal', entity: 'resident', entityId: item.resident_id, detail: { itemId: id } })
  return { phone: item.phone }
}

export async function recordSpotCheckOutcome(db: Db, user: UserContext, id: string, body: SpotCheckOutcomeBody, now: number): Promise<SpotCheckItem> {
  return db.kysely.transaction().execute(async (trx) => {
    const item = await itemInScope(trx, user, id)
    await trx.updateTable('spot_check_items').set({ outcome: body.outcome, outcome_by: user.id, outcome_at: now, comment: body.comment }).where('id', '=', id).execute()
    const changes = await stateChanges(trx, item, body.outcome)
    const comment = `电话抽查：${body.comment}`.replace(/：$/, '')
    await changeReviewStates(trx, changes.map((c): StateChange => ({ ...c, userId: user.id, at: now, source: 'spot_check', comment })))
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'spot_check.outcome',
      entity: 'spot_check_item',
      entityId: id,
      detail: { outcome: body.outcome, previous: item.outcome, residentId: item.resident_id, records: changes.map((c) => `${c.recordId}:${c.to}`) },
    })
    const [view] = await itemViews(trx, [await itemQuery(trx).where('i.id', '=', id).executeTakeFirstOrThrow()])
    return view
  })
}

/**
 * What an outcome does to the checked records: 属实 → all 已核实; 居民称未安装 → the resident's install records 不属实;
 * 未上门 → the visit records 不属实; 无法接通 and 号码错误 answer nothing about them, so nothing changes.
 */
async function stateChanges(trx: K, item: ItemRow, outcome: SpotCheckOutcome): Promise<{ recordId: string; to: ReviewState }[]> {
  const ids = JSON.parse(item.record_ids) as string[]
  if (ids.length === 0) return []
  const records = await trx.selectFrom('records').select(['id', 'kind', 'body']).where('id', 'in', ids).execute()
  switch (outcome) {
    case 'confirmed':
      return records.map((r) => ({ recordId: r.id, to: 'verified' as const }))
    case 'not_installed':
      return records.filter((r) => installResident(r) === item.resident_id).map((r) => ({ recordId: r.id, to: 'false' as const }))
    case 'not_visited':
      return records.filter((r) => r.kind === 'visit').map((r) => ({ recordId: r.id, to: 'false' as const }))
    default:
      return []
  }
}
