// Review states of records (core/review.ts): automatic flags move an accepted record to 待核查; an official's decision
// (or a spot-check outcome) makes it 已核实 or 不属实, and 不属实 stops it counting everywhere in the same
// transaction. Every change is a review_events row; nothing here changes what a record says.
import type { Insertable, Kysely, Selectable } from 'kysely'
import { parseStoredRecord } from '@core/schemas/stored-record'
import { stateAfterFlag, type ReviewState } from '@core/review'
import type { Database, RecordsTable } from '../db/schema'
import { refreshGridTallies } from '../services/grid-tallies'
import { refreshHouseholdSummaries } from '../services/ingest'
import { projectHandoutItems, retractRecord } from '../services/record-kinds'

export interface StateChange {
  recordId: string
  to: ReviewState
  userId: string | null
  at: number
  /** flag, review, spot_check, conflict */
  source: string
  comment?: string
}

export interface FlagToRaise {
  recordId: string
  kind: string
  evidence: Record<string, unknown>
}

/** What the state changes read of a record. A caller that has the rows as just inserted passes them, not to read them back. */
export type ReviewTarget = Pick<
  Selectable<RecordsTable>,
  'id' | 'kind' | 'body' | 'review_state' | 'superseded_by' | 'household_id' | 'grid_id' | 'village_id' | 'town_id' | 'county_id'
>

type Known = ReadonlyMap<string, ReviewTarget>

/** The records by id: copies of the known ones (the changes below update them), the others read. */
async function reviewTargets(trx: Kysely<Database>, ids: string[], known?: Known): Promise<Map<string, ReviewTarget>> {
  const unknown = known ? ids.filter((id) => !known.has(id)) : ids
  const read = unknown.length
    ? await trx
        .selectFrom('records')
        .select(['id', 'kind', 'body', 'review_state', 'superseded_by', 'household_id', 'grid_id', 'village_id', 'town_id', 'county_id'])
        .where('id', 'in', unknown)
        .execute()
    : []
  const out = new Map<string, ReviewTarget>(read.map((r) => [r.id, r]))
  for (const id of ids) {
    const k = known?.get(id)
    if (k) out.set(id, { ...k })
  }
  return out
}

/** Rows per multi-row INSERT: 9 values a row stays far below SQLite's and PostgreSQL's limits on parameters. */
const ROWS_PER_STATEMENT = 500

/** Stores new flags (a kind once per record) and moves their accepted records to 待核查. */
export async function raiseFlags(trx: Kysely<Database>, flags: FlagToRaise[], at: number, known?: Known): Promise<void> {
  if (flags.length === 0) return
  const byId = await reviewTargets(trx, [...new Set(flags.map((f) => f.recordId))], known)
  const rows = flags.flatMap((f) => {
    const r = byId.get(f.recordId)
    if (!r) return []
    const { household_id, grid_id, village_id, town_id, county_id } = r
    return [{ record_id: f.recordId, kind: f.kind, evidence: JSON.stringify(f.evidence), created_at: at, household_id, grid_id, village_id, town_id, county_id }]
  })
  // One statement per slice rather than per flag: a push of 500 records can raise a flag on most of them.
  const raised = new Set<string>()
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const inserted = await trx
      .insertInto('record_flags')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.columns(['record_id', 'kind']).doNothing())
      .returning('record_id')
      .execute()
    for (const r of inserted) raised.add(r.record_id)
  }
  const changes = [...raised].flatMap((id) => {
    const to = stateAfterFlag(byId.get(id)!.review_state)
    return to === byId.get(id)!.review_state ? [] : [{ recordId: id, to, userId: null, at, source: 'flag' }]
  })
  await changeReviewStates(trx, changes, byId)
}

/**
 * Applies state changes with their history. Records leaving or entering 不属实 have their hand-out quantities
 * taken out or put back, and their households and grids recounted, so every figure agrees at commit.
 */
export async function changeReviewStates(trx: Kysely<Database>, changes: StateChange[], known?: Known): Promise<void> {
  if (changes.length === 0) return
  const byId = await reviewTargets(trx, [...new Set(changes.map((c) => c.recordId))], known)
  const rows = [...byId.values()]
  const households = new Set<string>()
  const grids = new Set<string>()
  const events: Insertable<Database['review_events']>[] = []
  const handouts: (() => Promise<void>)[] = []
  const initial = new Map(rows.map((r) => [r.id, r.review_state]))
  for (const c of changes) {
    const r = byId.get(c.recordId)
    if (!r || r.review_state === c.to) continue
    events.push({ record_id: r.id, from_state: r.review_state, to_state: c.to, user_id: c.userId, at: c.at, source: c.source, comment: c.comment ?? '' })
    const countsChange = (r.review_state === 'false') !== (c.to === 'false')
    r.review_state = c.to
    if (!countsChange) continue
    if (r.kind === 'handout' && c.to === 'false') handouts.push(() => retractRecord(trx, r.id))
    if (r.kind === 'handout' && c.to !== 'false' && r.superseded_by === null) {
      handouts.push(() => projectHandoutItems(trx, r.id, parseStoredRecord('handout', r.body).body, r))
    }
    households.add(r.household_id)
    grids.add(r.grid_id)
  }
  // The states as they end, one UPDATE per state; the history, a row per change, in slices.
  const byState = new Map<ReviewState, string[]>()
  for (const r of rows) {
    if (r.review_state === initial.get(r.id)) continue
    const ids = byState.get(r.review_state) ?? []
    ids.push(r.id)
    byState.set(r.review_state, ids)
  }
  for (const [state, ids] of byState) await trx.updateTable('records').set({ review_state: state }).where('id', 'in', ids).execute()
  for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) await trx.insertInto('review_events').values(events.slice(i, i + ROWS_PER_STATEMENT)).execute()
  for (const apply of handouts) await apply()
  await refreshHouseholdSummaries(trx, [...households])
  await refreshGridTallies(trx, grids)
}
