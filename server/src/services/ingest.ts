// Record ingest: stores each pushed record exactly once and keeps the household summaries and per-grid aggregates
// that dashboards read current.
//
// Rules, by example:
// - same id, same content again: "duplicate", nothing changes (a resend after a dropped connection).
// - same id, different content: "conflict", the first version stays, the second goes to record_conflicts.
// - a roster change's phone is kept masked in records.body and record_conflicts.body (the number is in residents.phone,
//   encrypted); body_hash is of what the phone sent, so both rules above hold for it as for any record.
// - a record for a household deleted while it sat offline: stored, flagged orphaned, warned HOUSEHOLD_DELETED.
// - a record for an unknown or out-of-scope household: "rejected", nothing stored; unless the worker has moved since
//   the record was made (createdAt) and the household is in the area they were in then (services/staff-moves.ts).
// - roster records that add a household or a resident are taken first, whatever their place in the push, so a visit
//   (or a pledge) for a family added offline in the same push finds it. Across pushes the outbox sends records in the
//   order they were made, so the add always arrives with or before what names it; a record naming a household the
//   server does not know (its add refused, say) is refused, HOUSEHOLD_NOT_FOUND, and kept on the phone.
import { sql, type Kysely, type Transaction } from 'kysely'
import { summariseVisits, type VisitFact } from '@core/coverage'
import { errorMessage, type ErrorCode } from '@core/errors'
import { sha256Hex } from '@core/hash'
import { FieldRecordSchema, canonicalJson, type FieldRecord } from '@core/schemas/record'
import { withoutControls } from '@core/schemas/text'
import { installProofProblem, proofPolicyOf, visitProofProblem, type ProofPolicy } from '@core/proof-policy'
import type { PushResult } from '@core/schemas/sync'
import type { VisitOutcome } from '@core/schemas/visit'
import type { ReviewState } from '@core/review'
import { allocateRevs, type Db } from '../db/database'
import type { Database } from '../db/schema'
import { updateById } from '../db/update-by-id'
import type { UserContext } from '../auth/user-context'
import { scopeColumn } from '../auth/user-context'
import { campaignsInForce } from '../queries/campaigns'
import { flagArrivals } from '../truth/flagging'
import type { FlagSettings } from '../truth/rules'
import { recordAudit } from './audit'
import { refreshGridTallies, type TallyParts } from './grid-tallies'
import { checkMediaOwner, checkRecord, installDatesOf, pledgeCounts, projectRecord, pushResidents, RESIDENT_COLUMNS, retractRecord, type InstallDates, type PushResidents, type ResidentRow, type ScopedHousehold } from './record-kinds'
import { applyRosterChange, ingestRank, isAddHousehold, newHouseholdScope, storedBody } from './roster-changes'
import { formerAreaAt, householdWithin } from './staff-moves'
import { counted } from '../queries/counted-records'

interface Batch {
  trx: Transaction<Database>
  user: UserContext
  receivedAt: number
  households: Map<string, ScopedHousehold>
  affected: Set<string>
  affectedGrids: Set<string>
  /** Id → the stored corrections naming it, for records whose corrections arrived first (they are chained on arrival). */
  earlyCorrections: Map<string, string[]>
  /** Grid id → the campaign in force there at receipt (a town's own campaign for its grids), stamped on records. */
  campaigns: Map<string, string | null>
  /** The rows this push stored, for the automatic flags. */
  stored: StoredRow[]
  /** Campaign id → its proof settings, read once per push. */
  policies: Map<string, ProofPolicy>
  /** The residents of the batch's households, read once; null once a roster change is stored (it may change them). */
  residents: PushResidents | null
  /** A stored record superseded another (a correction): counted visits and hand-outs may have moved. */
  superseded: boolean
}

type StoredRow = ReturnType<typeof toRow>

/** A record that passed its checks and is ready to be inserted. */
interface Ready {
  record: FieldRecord
  household: ScopedHousehold
  body: string
  hash: string
  adding: boolean
  row: StoredRow
}

export async function ingestRecords(db: Db, user: UserContext, raw: unknown[], receivedAt: number, flagSettings?: FlagSettings): Promise<PushResult[]> {
  const parsed = raw.map((r) => FieldRecordSchema.safeParse(r))
  try {
    return await ingestBatch(db, user, raw, parsed, receivedAt, flagSettings, ingestOne)
  } catch {
    // Some record failed in the database: the batch again, each record in a savepoint of its own, so only that record
    // is refused. Not the first try's way: two statements a record are more than all the rest of a push's.
    return ingestBatch(db, user, raw, parsed, receivedAt, flagSettings, ingestInSavepoint)
  }
}

type Parsed = ReturnType<typeof FieldRecordSchema.safeParse>

async function ingestBatch(
  db: Db,
  user: UserContext,
  raw: unknown[],
  parsed: Parsed[],
  receivedAt: number,
  flagSettings: FlagSettings | undefined,
  ingest: (b: Batch, record: FieldRecord) => Promise<PushResult>,
): Promise<PushResult[]> {
  const valid = parsed.flatMap((p) => (p.success ? [p.data] : []))
  return db.kysely.transaction().execute(async (trx) => {
    const households = await lockHouseholds(trx, db.dialect, valid)
    const policies = new Map<string, ProofPolicy>()
    const batch: Batch = {
      trx,
      user,
      receivedAt,
      households,
      affected: new Set(),
      affectedGrids: new Set(),
      earlyCorrections: await earlyCorrections(trx, valid),
      campaigns: await gridCampaigns(trx, [...households.values()], receivedAt, policies),
      stored: [],
      policies,
      residents: await pushResidents(trx, [...households.keys()]),
      superseded: false,
    }
    const results: PushResult[] = new Array(raw.length)
    const order = raw.map((_, i) => i).sort((i, j) => rankOf(parsed[i]) - rankOf(parsed[j]) || i - j)
    if (ingest === ingestOne) await ingestGrouped(batch, raw, parsed, order, results)
    else for (const i of order) results[i] = await ingestParsed(batch, raw[i], parsed[i], ingest)
    const residents = batch.residents?.rows
    const residentsChanged = await refreshHouseholdSummaries(trx, [...batch.affected], residents)
    await refreshGridTallies(trx, batch.affectedGrids, tallyParts(batch, residentsChanged))
    await flagArrivals(trx, batch.stored, receivedAt, flagSettings, residents)
    const counts = countStatuses(results)
    await recordAudit(trx, { at: receivedAt, userId: user.id, action: 'sync.push', entity: 'records', detail: counts })
    return results
  })
}

/** The grid figures the push may have moved (grid-tallies.ts); a roster change may move any of them. */
function tallyParts(b: Batch, residentsChanged: number): TallyParts {
  const kinds = new Set(b.stored.map((r) => r.kind))
  const roster = kinds.has('roster')
  return {
    residents: roster || residentsChanged > 0,
    handouts: roster || b.superseded || kinds.has('handout'),
    weekVisits: roster || b.superseded || kinds.has('visit'),
  }
}

function ingestParsed(b: Batch, raw: unknown, p: Parsed, ingest: (b: Batch, record: FieldRecord) => Promise<PushResult>): Promise<PushResult> | PushResult {
  return p.success ? ingest(b, p.data) : invalidResult(raw, p.error.issues)
}

/**
 * The first try: records that nothing else in the push reads before they are stored (see groupable) are checked one
 * by one but inserted together, one multi-row INSERT for a run of them; any other record is taken alone, after the
 * run before it is stored, as the savepoint path takes every record.
 */
async function ingestGrouped(b: Batch, raw: unknown[], parsed: Parsed[], order: number[], results: PushResult[]): Promise<void> {
  let run: { index: number; ready: Ready }[] = []
  const flush = async () => {
    const inserted = await insertRows(b, run.map((r) => r.ready.row))
    for (const { index, ready } of run) results[index] = inserted.has(ready.record.id) ? await afterInsert(b, ready) : (await storedVersion(b, ready.record, ready.body, ready.hash))!
    run = []
  }
  for (const i of order) {
    const p = parsed[i]
    if (!p.success) {
      results[i] = invalidResult(raw[i], p.error.issues)
      continue
    }
    if (!groupable(b, p.data, run)) {
      await flush()
      results[i] = await ingestOne(b, p.data)
      continue
    }
    const ready = await prepare(b, p.data)
    if ('row' in ready) run.push({ index: i, ready })
    else results[i] = ready
  }
  await flush()
}

/**
 * A record whose checks and stored rows do not depend on the records before it in the same run: not a roster change
 * (those change households and residents), not a version in a chain of corrections, not a second copy of an id.
 * The media check cannot change within a run either: a run's records are all by one author.
 */
function groupable(b: Batch, record: FieldRecord, run: { ready: Ready }[]): boolean {
  if (record.kind === 'roster' || record.replaces || b.earlyCorrections.has(record.id)) return false
  return !run.some((r) => r.ready.record.id === record.id)
}

function rankOf(p: { success: boolean; data?: FieldRecord }): number {
  return p.success && p.data ? ingestRank(p.data) : 2
}

/** Locks the batch's households (PostgreSQL) so concurrent pushes recompute summaries one after another. */
async function lockHouseholds(trx: Kysely<Database>, dialect: Db['dialect'], records: FieldRecord[]) {
  const ids = [...new Set(records.map((r) => r.householdId))].sort()
  const map = new Map<string, ScopedHousehold>()
  if (ids.length === 0) return map
  let q = trx
    .selectFrom('households')
    .select(['id', 'grid_id', 'village_id', 'town_id', 'county_id', 'deleted_at'])
    .where('id', 'in', ids)
    .orderBy('id')
  if (dialect === 'postgres') q = q.forUpdate()
  for (const h of await q.execute()) map.set(h.id, h)
  return map
}

/** One query per batch instead of one per record: corrections already stored for the batch's record ids. */
async function earlyCorrections(trx: Kysely<Database>, records: FieldRecord[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>()
  if (records.length === 0) return map
  const rows = await trx
    .selectFrom('records')
    .select(['id', 'replaces_id'])
    .where('replaces_id', 'in', [...new Set(records.map((r) => r.id))])
    .orderBy('seq')
    .execute()
  for (const r of rows) map.set(r.replaces_id!, [...(map.get(r.replaces_id!) ?? []), r.id])
  return map
}

/** The campaign in force at each grid; their proof settings go into `policies`. */
async function gridCampaigns(trx: Kysely<Database>, households: ScopedHousehold[], at: number, policies: Map<string, ProofPolicy>): Promise<Map<string, string | null>> {
  const grids = new Map(households.map((h) => [h.grid_id, { id: h.grid_id, village_id: h.village_id, town_id: h.town_id, county_id: h.county_id }]))
  const campaigns = await campaignsInForce(trx, [...grids.values()], at)
  for (const c of campaigns.values()) if (c && !policies.has(c.id)) policies.set(c.id, proofPolicyOf(c.proof_policy))
  return new Map([...campaigns].map(([grid, c]) => [grid, c?.id ?? null]))
}

/** The household is in the caller's area, or in the one they were in when they made the record (moved since). */
async function mayWrite(b: Batch, household: ScopedHousehold, record: FieldRecord): Promise<boolean> {
  if (household[scopeColumn(b.user)] === b.user.areaId) return true
  const former = await formerAreaAt(b.trx, b.user.id, Date.parse(record.createdAt))
  return former !== null && householdWithin(household, former)
}

/**
 * A database error on one record (a value the database cannot store, say) refuses that record only: its statements
 * are rolled back to the savepoint and the rest of the push is kept, so the phone's queue behind it moves on.
 */
async function ingestInSavepoint(b: Batch, record: FieldRecord): Promise<PushResult> {
  const knewHousehold = b.households.has(record.householdId)
  await sql`savepoint one_record`.execute(b.trx)
  try {
    const result = await ingestOne(b, record)
    await sql`release savepoint one_record`.execute(b.trx)
    return result
  } catch {
    await sql`rollback to savepoint one_record`.execute(b.trx)
    await sql`release savepoint one_record`.execute(b.trx)
    if (!knewHousehold) b.households.delete(record.householdId)
    return reject(record.id, 'RECORD_NOT_STORED')
  }
}

async function ingestOne(b: Batch, record: FieldRecord): Promise<PushResult> {
  const ready = await prepare(b, record)
  if (!('row' in ready)) return ready
  const inserted = await insertRows(b, [ready.row])
  // Not inserted: stored already, by a resend or by a concurrent push of the same id that committed first.
  return inserted.has(record.id) ? afterInsert(b, ready) : (await storedVersion(b, record, ready.body, ready.hash))!
}

/** The record's checks: its result when it is refused or stored already, else the row to insert. */
async function prepare(b: Batch, record: FieldRecord): Promise<PushResult | Ready> {
  // The hash is of what the phone sent; the body kept is that with a roster change's phone masked (roster-changes.ts).
  const hash = sha256Hex(canonicalJson(record))
  const body = storedBody(record)
  const adding = isAddHousehold(record)
  let household = b.households.get(record.householdId)
  if (adding) {
    // The household is made only once its record is stored (below), so a conflicting resend makes nothing.
    if (household) return (await storedVersion(b, record, body, hash)) ?? reject(record.id, 'HOUSEHOLD_EXISTS')
    household = (await newHouseholdScope(b.trx, record.householdId, record.body.gridId)) ?? undefined
    if (!household || !(await mayWrite(b, household, record))) return (await storedVersion(b, record, body, hash)) ?? reject(record.id, 'GRID_NOT_FOUND')
    if (!b.campaigns.has(household.grid_id)) b.campaigns.set(household.grid_id, (await gridCampaigns(b.trx, [household], b.receivedAt, b.policies)).get(household.grid_id) ?? null)
  }
  if (!household || !(await mayWrite(b, household, record))) {
    return reject(record.id, 'HOUSEHOLD_NOT_FOUND')
  }
  const refusal =
    (await checkRecord(b.trx, record, b.residents?.ids)) ??
    (await checkProof(b, record, household)) ??
    (await checkCorrection(b, record)) ??
    (await checkMediaOwner(b.trx, record, b.user.id))
  // A resend of a stored record is still a duplicate even if it would be refused now (say, its resident was removed).
  if (refusal) return (await storedVersion(b, record, body, hash)) ?? reject(record.id, refusal)
  // Insert first: the stored version is only looked up for the rare record that is already there.
  return { record, household, body, hash, adding, row: toRow(b, record, household, body, hash) }
}

/** Rows per multi-row INSERT: 20 values a row stay below SQLite's and PostgreSQL's limits on parameters. */
const ROWS_PER_INSERT = 500

/** Inserts the rows whose id is not stored yet; returns the ids inserted. */
async function insertRows(b: Batch, rows: StoredRow[]): Promise<Set<string>> {
  const inserted = new Set<string>()
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const slice = rows.slice(i, i + ROWS_PER_INSERT)
    const returned = await b.trx.insertInto('records').values(slice).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute()
    for (const r of returned) inserted.add(r.id)
  }
  return inserted
}

/** What a newly stored record changes beyond its own row. */
async function afterInsert(b: Batch, { record, household, adding, row }: Ready): Promise<PushResult> {
  if (adding) b.households.set(household.id, household)
  if (record.kind === 'roster') {
    await applyRosterChange(b.trx, record, household, b.receivedAt)
    b.residents = null
  }
  await projectRecord(b.trx, record, household, b.campaigns.get(household.grid_id) ?? null)
  await linkCorrections(b, record)
  b.affected.add(record.householdId)
  b.affectedGrids.add(household.grid_id)
  b.stored.push(row)
  const result = done(record.id, 'stored', b)
  return household.deleted_at !== null ? { ...result, warning: 'HOUSEHOLD_DELETED' } : result
}

/**
 * The proof the campaign in force at the household's grid asks for (core/proof-policy.ts). A record without a
 * needed screenshot or photo is refused, not stored as if proven: the phone keeps it with the reason, and the
 * worker records it again with the proof or with 居民不愿截图. A grid with no campaign gets the defaults.
 */
async function checkProof(b: Batch, record: FieldRecord, household: ScopedHousehold): Promise<ErrorCode | null> {
  if (record.kind !== 'install' && record.kind !== 'visit') return null
  const campaignId = b.campaigns.get(household.grid_id) ?? null
  let policy = campaignId ? b.policies.get(campaignId) : undefined
  if (!policy) {
    const row = campaignId ? await b.trx.selectFrom('campaigns').select('proof_policy').where('id', '=', campaignId).executeTakeFirst() : undefined
    policy = proofPolicyOf(row?.proof_policy)
    if (campaignId) b.policies.set(campaignId, policy)
  }
  return record.kind === 'install' ? installProofProblem(policy, record.body) : visitProofProblem(policy, record.body)
}

/** Same id already stored: same content is a duplicate, other content a conflict; null when not stored. */
async function storedVersion(b: Batch, record: FieldRecord, body: string, hash: string): Promise<PushResult | null> {
  const existing = await b.trx.selectFrom('records').select(['body_hash']).where('id', '=', record.id).executeTakeFirst()
  if (!existing) return null
  return existing.body_hash === hash ? done(record.id, 'duplicate', b) : conflict(b, record, body, hash)
}

function toRow(b: Batch, record: FieldRecord, h: ScopedHousehold, body: string, hash: string) {
  const deviceTime = Date.parse(record.createdAt)
  const visitedAt = record.kind === 'visit' ? Date.parse(record.body.visitedAt) : deviceTime
  return {
    id: record.id,
    kind: record.kind,
    household_id: h.id,
    grid_id: h.grid_id,
    village_id: h.village_id,
    town_id: h.town_id,
    county_id: h.county_id,
    author_id: b.user.id,
    device_id: record.deviceId,
    replaces_id: record.replaces,
    superseded_by: null as string | null,
    review_state: 'accepted' as ReviewState,
    campaign_id: b.campaigns.get(h.grid_id) ?? null,
    device_time: deviceTime,
    // A phone clock running fast must not put a visit in the future.
    occurred_at: Math.min(visitedAt, b.receivedAt),
    received_at: b.receivedAt,
    outcome: record.kind === 'visit' ? record.body.outcome : null,
    body,
    body_hash: hash,
    orphaned: h.deleted_at !== null ? 1 : 0,
  }
}

/**
 * A correction may name only a record of the same household and kind by the same author. One that has not arrived yet
 * is accepted (the phone sends in order, but a batch may be split); it joins the chain only if it matches (versionsOf).
 */
async function checkCorrection(b: Batch, record: FieldRecord): Promise<ErrorCode | null> {
  if (!record.replaces) return null
  if (record.replaces === record.id) return 'CORRECTION_MISMATCH'
  const target = await b.trx.selectFrom('records').select(['household_id', 'kind', 'author_id']).where('id', '=', record.replaces).executeTakeFirst()
  if (!target) return null
  const same = target.household_id === record.householdId && target.kind === record.kind && target.author_id === b.user.id
  return same ? null : 'CORRECTION_MISMATCH'
}

/**
 * All versions of one record (the original and every correction of it or of a correction) form one chain: the
 * original first, then the corrections in the order the phone made them (createdAt, then id), so the last-made one
 * counts whatever order they arrive in. Corrections that arrived before their original are chained when it arrives.
 */
async function linkCorrections(b: Batch, record: FieldRecord): Promise<void> {
  if (!record.replaces && !b.earlyCorrections.has(record.id)) return
  // The original may come later in this same batch.
  if (record.replaces) b.earlyCorrections.set(record.replaces, [...(b.earlyCorrections.get(record.replaces) ?? []), record.id])
  const versions = await versionsOf(b, record, await originalOf(b, record))
  for (let i = 0; i < versions.length - 1; i++) {
    if (versions[i].superseded_by !== versions[i + 1].id) await supersede(b, versions[i].id, versions[i + 1].id)
  }
  b.affected.add(record.householdId)
}

type Version = { id: string; superseded_by: string | null; device_time: number }

/** The id of the first version: `replaces` followed up through stored versions of the same household, kind and author. */
async function originalOf(b: Batch, record: FieldRecord): Promise<string> {
  let id = record.id
  let parent = record.replaces
  for (let hops = 0; parent && hops < 100; hops++) {
    id = parent
    const row = await sameFamily(b, record).select('replaces_id').where('id', '=', parent).executeTakeFirst()
    parent = row?.replaces_id ?? null
  }
  return id
}

/** The original (when stored) and all its corrections, in chain order. */
async function versionsOf(b: Batch, record: FieldRecord, originalId: string): Promise<Version[]> {
  const columns = ['id', 'superseded_by', 'device_time'] as const
  const original = await sameFamily(b, record).select(columns).where('id', '=', originalId).executeTakeFirst()
  const corrections: Version[] = []
  let frontier = [originalId]
  for (let depth = 0; frontier.length && depth < 100; depth++) {
    const next = await sameFamily(b, record).select(columns).where('replaces_id', 'in', frontier).execute()
    corrections.push(...next)
    frontier = next.map((r) => r.id)
  }
  corrections.sort((x, y) => x.device_time - y.device_time || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  return original ? [original, ...corrections] : corrections
}

/** Records that may be versions of `record`: the same household and kind, by the same author. */
function sameFamily(b: Batch, record: FieldRecord) {
  return b.trx.selectFrom('records').where('household_id', '=', record.householdId).where('kind', '=', record.kind).where('author_id', '=', b.user.id)
}

async function supersede(b: Batch, recordId: string, byId: string): Promise<void> {
  b.superseded = true
  // The flags read this push's rows as kept here.
  const row = b.stored.find((r) => r.id === recordId)
  if (row) row.superseded_by = byId
  await b.trx.updateTable('records').set({ superseded_by: byId }).where('id', '=', recordId).execute()
  await retractRecord(b.trx, recordId)
}

async function conflict(b: Batch, record: FieldRecord, body: string, hash: string): Promise<PushResult> {
  await b.trx
    .insertInto('record_conflicts')
    .values({ record_id: record.id, author_id: b.user.id, body, body_hash: hash, received_at: b.receivedAt })
    .onConflict((oc) => oc.columns(['record_id', 'body_hash']).doNothing())
    .execute()
  await recordAudit(b.trx, { at: b.receivedAt, userId: b.user.id, action: 'record.conflict', entity: 'record', entityId: record.id })
  return { id: record.id, status: 'conflict', code: 'RECORD_CONFLICT', message: errorMessage('RECORD_CONFLICT') }
}

function done(id: string, status: 'stored' | 'duplicate', b: Batch): PushResult {
  return { id, status, receivedAt: new Date(b.receivedAt).toISOString() }
}

function reject(id: string, code: ErrorCode, detail?: string): PushResult {
  return { id, status: 'rejected', code, message: detail ? `${errorMessage(code)}：${detail}` : errorMessage(code) }
}

function invalidResult(raw: unknown, issues: { path: PropertyKey[]; message: string }[]): PushResult {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? withoutControls((raw as { id: string }).id).slice(0, 64) : ''
  const first = issues[0]
  return reject(id, 'RECORD_INVALID', first ? withoutControls(`${first.path.map(String).join('.')} ${first.message}`) : undefined)
}

function countStatuses(results: PushResult[]) {
  const counts: Record<string, number> = { stored: 0, duplicate: 0, conflict: 0, rejected: 0 }
  for (const r of results) counts[r.status]++
  return counts
}

/**
 * Recomputes each household's summaries (visits, counted pledges) and its residents' install steps from the
 * effective records, and bumps the change number of every row that changed so pulls bring it. `residents`, when
 * given, holds every resident of the households as stored now. Returns how many residents' install steps changed.
 */
export async function refreshHouseholdSummaries(trx: Kysely<Database>, householdIds: string[], residents?: readonly ResidentRow[]): Promise<number> {
  if (householdIds.length === 0) return 0
  const ids = [...new Set(householdIds)].sort()
  // Visits and installs in one read; only an install's body is needed.
  const effective = await trx
    .selectFrom('records')
    .select(['household_id', 'kind', 'outcome', 'occurred_at', 'received_at', sql<string>`case when kind = 'install' then body end`.as('body')])
    .where('household_id', 'in', ids)
    .where('kind', 'in', ['visit', 'install'])
    .where(counted())
    .orderBy('seq')
    .execute()
  const byHousehold = new Map<string, VisitFact[]>(ids.map((id) => [id, []]))
  for (const v of effective) if (v.kind === 'visit') byHousehold.get(v.household_id)!.push({ outcome: v.outcome as VisitOutcome, at: v.occurred_at })
  const pledges = await pledgeCounts(trx, ids)
  const dates = installDatesOf(effective.filter((r) => r.kind === 'install'))
  const residentChanges = await changedInstallDates(trx, ids, dates, residents)
  // Revs are taken last: the counter row lock is then held only briefly on PostgreSQL.
  let rev = await allocateRevs(trx, ids.length + residentChanges.length)
  const summaries = ids.map((id) => {
    const s = summariseVisits(byHousehold.get(id)!)
    const covered = s.covered ? 1 : 0
    return { id, visit_count: s.visitCount, covered, last_visit_at: s.lastVisitAt, last_outcome: s.lastOutcome, pledge_count: pledges.get(id) ?? 0, rev: rev++ }
  })
  await updateById(trx, 'households', SUMMARY_COLUMNS, summaries)
  await updateById(trx, 'residents', INSTALL_COLUMNS, residentChanges.map(({ id, dates }) => ({ id, ...dates, rev: rev++ })))
  return residentChanges.length
}

const SUMMARY_COLUMNS = { visit_count: 'integer', covered: 'integer', last_visit_at: 'bigint', last_outcome: 'text', pledge_count: 'integer', rev: 'bigint' } as const
const INSTALL_COLUMNS = { installed_on: 'text', real_name_on: 'text', warning_on_on: 'text', rev: 'bigint' } as const

/** `known`, when given, holds every resident of the households (and may hold others'). */
async function changedInstallDates(trx: Kysely<Database>, householdIds: string[], dates: Map<string, InstallDates>, known?: readonly ResidentRow[]) {
  const wanted = new Set(householdIds)
  const residents = known
    ? known.filter((r) => wanted.has(r.household_id))
    : await trx.selectFrom('residents').select(RESIDENT_COLUMNS).where('household_id', 'in', householdIds).execute()
  const none = { installed_on: null, real_name_on: null, warning_on_on: null }
  return residents.flatMap((r) => {
    const d = dates.get(r.id) ?? none
    const same = d.installed_on === r.installed_on && d.real_name_on === r.real_name_on && d.warning_on_on === r.warning_on_on
    return same ? [] : [{ id: r.id, dates: d }]
  })
}
