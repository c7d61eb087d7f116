// The review queue of an area and the decisions officials take on it. Reading: 待核查 records oldest first, each with
// its flags in plain Chinese (a reused screenshot with the other record's picture), its pictures and its fields;
// undecided conflicting resends (conflict-decisions.ts) come with the first page. Deciding: 已核实 / 不属实 and 撤销,
// through changeReviewStates, so every figure follows in the same transaction and the history keeps every step.
import type { Kysely } from 'kysely'
import { describeFlag, flagLabel } from '@core/flag-text'
import { REVIEW_STATE_LABEL, type ReviewState } from '@core/review'
import { mediaOf, type RecordKind } from '@core/schemas/record'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type {
  RecordReviewResponse,
  ReviewCountsResponse,
  ReviewDecisionBody,
  ReviewEvent,
  ReviewFlag,
  ReviewQueueQuery,
  ReviewQueueResponse,
  ReviewRecord,
} from '@core/schemas/review'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { levelColumn, scopeColumn, type UserContext } from '../auth/user-context'
import { AppError } from '../http/app-error'
import { counted } from '../queries/counted-records'
import { areaInScope } from '../services/areas'
import { recordAudit } from '../services/audit'
import { conflictsIn, undecidedConflicts } from './conflict-decisions'
import { KIND_LABEL, fieldNames, recordFields } from './record-fields'
import { changeReviewStates } from './review'

const iso = (ms: number | string) => new Date(Number(ms)).toISOString()

function recordRows(k: Kysely<Database>) {
  return k
    .selectFrom('records as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('areas as g', 'g.id', 'r.grid_id')
    .innerJoin('areas as v', 'v.id', 'r.village_id')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'r.seq',
      'r.id',
      'r.kind',
      'r.body',
      'r.review_state',
      'r.household_id',
      'r.village_id',
      'r.occurred_at',
      'r.received_at',
      'h.doorplate',
      'h.head_name',
      'g.name as grid_name',
      'v.name as village_name',
      'u.name as author_name',
    ])
}
type RecordRow = Awaited<ReturnType<ReturnType<typeof recordRows>['execute']>>[number]

/**
 * 待核查 records of an area the caller may see, oldest received first; undecided conflicts with the first page.
 * The queue names residents and shows their records: each read is in the audit log.
 */
export async function reviewQueueOf(db: Db, user: UserContext, query: ReviewQueueQuery, now: number): Promise<ReviewQueueResponse> {
  const area = await areaInScope(db, user, query.areaId)
  let q = recordRows(db.kysely)
    .where(`r.${levelColumn(area.level)}`, '=', area.id)
    .where('r.review_state', '=', 'flagged')
    .where(counted('r'))
    .orderBy('r.received_at')
    .orderBy('r.seq')
    .limit(query.limit + 1)
  if (query.after) {
    const [receivedAt, seq] = query.after.split('-').map(Number)
    q = q.where((eb) => eb.or([eb('r.received_at', '>', receivedAt), eb.and([eb('r.received_at', '=', receivedAt), eb('r.seq', '>', seq)])]))
  }
  const rows = await q.execute()
  const page = rows.slice(0, query.limit)
  const last = page[page.length - 1]
  const answer = {
    area: { id: area.id, name: area.name, level: area.level },
    records: await reviewRecords(db.kysely, page),
    next: rows.length > query.limit ? `${Number(last.received_at)}-${Number(last.seq)}` : null,
    conflicts: query.after ? [] : await conflictsIn(db.kysely, area),
  }
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'review.queue.view',
    entity: 'area',
    entityId: area.id,
    detail: { records: answer.records.length, conflicts: answer.conflicts.length },
  })
  return answer
}

export async function reviewCountsOf(db: Db, user: UserContext, areaId: string | undefined): Promise<ReviewCountsResponse> {
  const area = await areaInScope(db, user, areaId)
  const flagged = await db.kysely
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(levelColumn(area.level), '=', area.id)
    .where('review_state', '=', 'flagged')
    .where(counted())
    .executeTakeFirstOrThrow()
  return {
    area: { id: area.id, name: area.name, level: area.level },
    flagged: Number(flagged.n),
    conflicts: await undecidedConflicts(db.kysely, area),
  }
}

async function reviewRecords(k: Kysely<Database>, rows: RecordRow[]): Promise<ReviewRecord[]> {
  if (rows.length === 0) return []
  const records = rows.map((r) => parseStoredRecord(r.kind as RecordKind, r.body))
  const names = await fieldNames(k, records)
  const flags = await flagsOf(k, rows.map((r) => r.id))
  return rows.map((r, i) => ({
    recordId: r.id,
    kind: r.kind,
    kindLabel: KIND_LABEL[r.kind] ?? r.kind,
    state: r.review_state,
    stateLabel: REVIEW_STATE_LABEL[r.review_state],
    householdId: r.household_id,
    doorplate: r.doorplate,
    headName: r.head_name,
    gridName: r.grid_name,
    villageId: r.village_id,
    villageName: r.village_name,
    authorName: r.author_name,
    occurredAt: iso(r.occurred_at),
    receivedAt: iso(r.received_at),
    fields: recordFields(records[i], names),
    flags: flags.get(r.id) ?? [],
    mediaShas: [...new Set(mediaOf(records[i]))],
  }))
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

/** The flags of the records, with the other record of a reused screenshot (its doorplate and resident) named. */
async function flagsOf(k: Kysely<Database>, recordIds: string[]): Promise<Map<string, ReviewFlag[]>> {
  const rows = await k.selectFrom('record_flags').selectAll().where('record_id', 'in', recordIds).orderBy('seq').execute()
  const parsed = rows.map((f) => ({ ...f, evidence: JSON.parse(f.evidence) as Record<string, unknown> }))
  const otherIds = [...new Set(parsed.flatMap((f) => (str(f.evidence.otherRecordId) ? [str(f.evidence.otherRecordId)!] : [])))]
  const others = otherIds.length
    ? await k
        .selectFrom('records as r')
        .innerJoin('households as h', 'h.id', 'r.household_id')
        .select(['r.id', 'h.doorplate'])
        .where('r.id', 'in', otherIds)
        .execute()
    : []
  const doorplates = new Map(others.map((o) => [o.id, o.doorplate]))
  const residentIds = [...new Set(parsed.flatMap((f) => (str(f.evidence.otherResidentId) ? [str(f.evidence.otherResidentId)!] : [])))]
  const residents = residentIds.length ? await k.selectFrom('residents').select(['id', 'name']).where('id', 'in', residentIds).execute() : []
  const residentNames = new Map(residents.map((p) => [p.id, p.name]))
  const byRecord = new Map<string, ReviewFlag[]>()
  for (const f of parsed) {
    const e = f.evidence
    const sha = str(e.sha)
    const otherSha = str(e.otherSha)
    const otherRecordId = str(e.otherRecordId)
    const flag: ReviewFlag = {
      kind: f.kind,
      label: flagLabel(f.kind),
      description: describeFlag(f.kind, e),
      evidence: e,
      createdAt: iso(f.created_at),
      pair:
        sha && otherSha && otherRecordId
          ? {
              sha,
              otherSha,
              otherRecordId,
              otherDoorplate: doorplates.get(otherRecordId) ?? null,
              otherResidentName: residentNames.get(str(e.otherResidentId) ?? '') ?? null,
            }
          : null,
    }
    byRecord.set(f.record_id, [...(byRecord.get(f.record_id) ?? []), flag])
  }
  return byRecord
}

/** The record if it lies in the caller's area; an unknown one is refused the same way (403). */
async function recordInScope(k: Kysely<Database>, user: UserContext, id: string, lock: boolean) {
  let q = k.selectFrom('records').select(['id', 'review_state', 'grid_id', 'village_id', 'town_id', 'county_id']).where('id', '=', id)
  if (lock) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  if (!r || r[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
  return r
}

/** One record's review for the caller, if it lies in their area; the read is in the audit log. */
export async function recordReviewOf(db: Db, user: UserContext, id: string, now: number): Promise<RecordReviewResponse> {
  await recordInScope(db.kysely, user, id, false)
  await recordAudit(db.kysely, { at: now, userId: user.id, action: 'review.view', entity: 'record', entityId: id })
  return currentReview(db, id)
}

async function currentReview(db: Db, id: string): Promise<RecordReviewResponse> {
  const row = await recordRows(db.kysely).where('r.id', '=', id).executeTakeFirstOrThrow()
  const [record] = await reviewRecords(db.kysely, [row])
  const events = await db.kysely
    .selectFrom('review_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.from_state', 'e.to_state', 'e.at', 'e.source', 'e.comment', 'u.name'])
    .where('e.record_id', '=', id)
    .orderBy('e.seq')
    .execute()
  const history: ReviewEvent[] = events.map((e) => ({
    from: e.from_state,
    to: e.to_state,
    byName: e.name ?? '系统',
    at: iso(e.at),
    source: e.source,
    comment: e.comment,
  }))
  return { record, history, canUndo: (await lastDecision(db.kysely, id, row.review_state)) !== null }
}

/**
 * The decision an undo takes back: decisions stack up, each undo takes the top one off. Null when none is left, or
 * when the record's state has moved on since (a spot-check outcome, say) and the top one no longer holds.
 */
async function lastDecision(k: Kysely<Database>, id: string, current: ReviewState): Promise<{ from: ReviewState } | null> {
  const events = await k
    .selectFrom('review_events')
    .select(['from_state', 'to_state', 'source'])
    .where('record_id', '=', id)
    .where('source', 'in', ['review', 'undo'])
    .orderBy('seq')
    .execute()
  const stack: typeof events = []
  for (const e of events) {
    if (e.source === 'review') stack.push(e)
    else stack.pop()
  }
  const top = stack[stack.length - 1]
  return top && top.to_state === current ? { from: top.from_state } : null
}

function lockable(db: Db) {
  return db.dialect === 'postgres'
}

export async function decideRecord(db: Db, user: UserContext, id: string, body: ReviewDecisionBody, now: number): Promise<RecordReviewResponse> {
  if (body.decision === 'false' && !body.comment) throw new AppError('REVIEW_COMMENT_REQUIRED')
  await db.kysely.transaction().execute(async (trx) => {
    const r = await recordInScope(trx, user, id, lockable(db))
    await changeReviewStates(trx, [{ recordId: id, to: body.decision, userId: user.id, at: now, source: 'review', comment: body.comment }])
    await recordAudit(trx, { at: now, userId: user.id, action: 'review.decide', entity: 'record', entityId: id, detail: { from: r.review_state, to: body.decision } })
  })
  return currentReview(db, id)
}

export async function undoDecision(db: Db, user: UserContext, id: string, comment: string, now: number): Promise<RecordReviewResponse> {
  await db.kysely.transaction().execute(async (trx) => {
    const r = await recordInScope(trx, user, id, lockable(db))
    const last = await lastDecision(trx, id, r.review_state)
    if (!last) throw new AppError('REVIEW_NOTHING_TO_UNDO')
    await changeReviewStates(trx, [{ recordId: id, to: last.from, userId: user.id, at: now, source: 'undo', comment }])
    await recordAudit(trx, { at: now, userId: user.id, action: 'review.undo', entity: 'record', entityId: id, detail: { from: r.review_state, to: last.from } })
  })
  return currentReview(db, id)
}

