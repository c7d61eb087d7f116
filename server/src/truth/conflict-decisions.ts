// Conflicting resends (same record id, other content; ingest keeps the second version in record_conflicts): shown to
// officials with both versions side by side, decided once, and asked after by the phone that sent them.
// - first: the stored version stands; nothing else changes.
// - second: the conflicting version was right. No stored record is rewritten: it is pushed through the ordinary
//   ingest as a correction (a new id, replaces = the stored record) by the record's author, so it is checked,
//   flagged and counted as any correction is, and the stored one is superseded.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { formatChinaTime } from '@core/china-time'
import { uuidv7 } from '@core/ids'
import { FieldRecordSchema, type FieldRecord, type RecordKind } from '@core/schemas/record'
import { StoredFieldRecordSchema, parseStoredRecord } from '@core/schemas/stored-record'
import type { ConflictDecisionBody, FieldLine, ReviewConflict } from '@core/schemas/review'
import type { ConflictStatusResponse } from '@core/schemas/sync'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { levelColumn, scopeColumn, userContextOf, type UserContext } from '../auth/user-context'
import { AppError } from '../http/app-error'
import type { Area } from '../services/areas'
import { recordAudit } from '../services/audit'
import { ingestRecords } from '../services/ingest'
import { KIND_LABEL, fieldNames, recordFields } from './record-fields'

const iso = (ms: number | string) => new Date(Number(ms)).toISOString()

function conflictRows(k: Kysely<Database>) {
  return k
    .selectFrom('record_conflicts as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('areas as g', 'g.id', 'r.grid_id')
    .innerJoin('areas as v', 'v.id', 'r.village_id')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'c.seq',
      'c.record_id',
      'c.body as conflict_body',
      'c.received_at as conflict_received_at',
      'r.kind',
      'r.body as stored_body',
      'r.received_at as stored_received_at',
      'h.doorplate',
      'h.head_name',
      'g.name as grid_name',
      'v.name as village_name',
      'u.name as author_name',
    ])
    .where('c.decision', 'is', null)
}

/** Undecided conflicts of an area, oldest first (there are few: a resend only conflicts after a phone was changed by hand). */
export async function conflictsIn(k: Kysely<Database>, area: Area, limit = 200): Promise<ReviewConflict[]> {
  const rows = await conflictRows(k).where(`r.${levelColumn(area.level)}`, '=', area.id).orderBy('c.received_at').orderBy('c.seq').limit(limit).execute()
  const stored = rows.map((r) => parseStoredRecord(r.kind as RecordKind, r.stored_body))
  // A roster change's phone is stored masked, so the stored schema (FieldRecordSchema refuses 138****5678).
  const conflicting = rows.map((r) => StoredFieldRecordSchema.safeParse(JSON.parse(r.conflict_body)))
  const names = await fieldNames(k, [...stored, ...conflicting.flatMap((p) => (p.success ? [p.data] : []))])
  const doorplates = await doorplatesOf(k, conflicting.flatMap((p) => (p.success ? [p.data.householdId] : [])))
  const linesOf = (r: FieldRecord) => [
    { label: '记录类型', value: KIND_LABEL[r.kind] ?? r.kind },
    { label: '住户', value: doorplates.get(r.householdId) ?? '（不在名册）' },
    { label: '手机时间', value: formatChinaTime(Date.parse(r.createdAt)) },
    ...recordFields(r, names),
  ]
  return rows.map((r, i) => {
    const p = conflicting[i]
    return {
      conflictId: String(r.seq),
      recordId: r.record_id,
      kindLabel: KIND_LABEL[r.kind] ?? r.kind,
      doorplate: r.doorplate,
      headName: r.head_name,
      gridName: r.grid_name,
      villageName: r.village_name,
      authorName: r.author_name,
      storedReceivedAt: iso(r.stored_received_at),
      conflictReceivedAt: iso(r.conflict_received_at),
      lines: pairLines(linesOf(stored[i]), p.success ? linesOf(p.data) : [{ label: '内容', value: '（无法识别）' }]),
    }
  })
}

async function doorplatesOf(k: Kysely<Database>, householdIds: string[]): Promise<Map<string, string>> {
  if (householdIds.length === 0) return new Map()
  const rows = await k.selectFrom('households').select(['id', 'doorplate']).where('id', 'in', [...new Set(householdIds)]).execute()
  return new Map(rows.map((h) => [h.id, h.doorplate]))
}

/** The stored version's labels in order, then any the other version has besides; a missing line shows —. */
function pairLines(stored: FieldLine[], conflicting: FieldLine[]) {
  const labels = [...new Set([...stored, ...conflicting].map((l) => l.label))]
  const value = (lines: FieldLine[], label: string) => lines.find((l) => l.label === label)?.value ?? '—'
  return labels.map((label) => {
    const a = value(stored, label)
    const b = value(conflicting, label)
    return { label, stored: a, conflicting: b, differs: a !== b }
  })
}

export async function undecidedConflicts(k: Kysely<Database>, area: Area): Promise<number> {
  const row = await k
    .selectFrom('record_conflicts as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('c.decision', 'is', null)
    .where(`r.${levelColumn(area.level)}`, '=', area.id)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function decideConflict(db: Db, user: UserContext, conflictId: string, body: ConflictDecisionBody, now: number) {
  const seq = Number(conflictId)
  const c = await db.kysely
    .selectFrom('record_conflicts as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select(['c.record_id', 'c.body', 'c.decision', 'r.author_id', 'r.grid_id', 'r.village_id', 'r.town_id', 'r.county_id'])
    .where('c.seq', '=', seq)
    .executeTakeFirst()
  if (!c || c[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
  // Claimed first, by a conditional update: of two officials deciding at once, one goes on.
  const claimed = await db.kysely
    .updateTable('record_conflicts')
    .set({ decision: body.decision, decided_at: now, decided_by: user.id })
    .where('seq', '=', seq)
    .where('decision', 'is', null)
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('CONFLICT_DECIDED')
  let correctionId: string | null = null
  try {
    if (body.decision === 'second') correctionId = await applySecondVersion(db, c.record_id, c.author_id, c.body, now)
  } catch (err) {
    await db.kysely.updateTable('record_conflicts').set({ decision: null, decided_at: null, decided_by: null }).where('seq', '=', seq).execute()
    throw err
  }
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'conflict.decide',
    entity: 'record',
    entityId: c.record_id,
    detail: { conflictId: seq, decision: body.decision, correctionId, comment: body.comment },
  })
  return { conflictId: String(seq), decision: body.decision, correctionId }
}

/** Pushes the second version as its author's correction of the stored record; its new id, or CONFLICT_NOT_APPLIED. */
async function applySecondVersion(db: Db, recordId: string, authorId: string, conflictBody: string, now: number): Promise<string> {
  const parsed = FieldRecordSchema.safeParse(JSON.parse(conflictBody))
  const author = await db.kysely
    .selectFrom('users')
    .innerJoin('areas', 'areas.id', 'users.area_id')
    .select(['users.id', 'users.name', 'users.role', 'users.area_id', 'areas.name as area_name', 'areas.level as area_level'])
    .where('users.id', '=', authorId)
    .executeTakeFirst()
  if (!parsed.success || !author) throw new AppError('CONFLICT_NOT_APPLIED')
  const id = uuidv7(now, (n) => new Uint8Array(randomBytes(n)))
  const correction = { ...parsed.data, id, replaces: recordId }
  const [result] = await ingestRecords(db, userContextOf(author), [correction], now)
  if (result.status !== 'stored') throw new AppError('CONFLICT_NOT_APPLIED', `${result.message ?? ''}`.trim() || undefined)
  return id
}

/** For the phone: which of the caller's own conflicting records have been decided, with the decision. */
export async function conflictStatusOf(db: Db, user: UserContext, ids: string[]): Promise<ConflictStatusResponse> {
  const rows = await db.kysely
    .selectFrom('record_conflicts')
    .select(['record_id', 'decision', 'decided_at'])
    .where('record_id', 'in', [...new Set(ids)])
    .where('author_id', '=', user.id)
    .orderBy('seq')
    .execute()
  // A record conflicting more than once is decided when all its versions are; the latest decision is the answer.
  const byRecord = new Map<string, typeof rows>()
  for (const r of rows) byRecord.set(r.record_id, [...(byRecord.get(r.record_id) ?? []), r])
  const decided = [...byRecord].flatMap(([id, versions]) => {
    if (versions.some((v) => v.decision === null)) return []
    const last = versions.reduce((a, b) => (Number(b.decided_at) >= Number(a.decided_at) ? b : a))
    return [{ id, decision: last.decision!, decidedAt: iso(last.decided_at!) }]
  })
  return { decided }
}
