// Review states of records (core/review.ts): automatic flags move an accepted record to 待核查; an official's decision
// (or a spot-check outcome) makes it 已核实 or 不属实, and 不属实 stops it counting everywhere in the same
// transaction. Every change is a review_events row; nothing here changes what a record says.
import type { Kysely } from 'kysely'
import { parseStoredRecord } from '@core/schemas/stored-record'
import { stateAfterFlag, type ReviewState } from '@core/review'
import type { Database } from '../db/schema'
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

/** Stores new flags (a kind once per record) and moves their accepted records to 待核查. */
export async function raiseFlags(trx: Kysely<Database>, flags: FlagToRaise[], at: number): Promise<void> {
  if (flags.length === 0) return
  const records = await trx
    .selectFrom('records')
    .select(['id', 'review_state', 'household_id', 'grid_id', 'village_id', 'town_id', 'county_id'])
    .where('id', 'in', [...new Set(flags.map((f) => f.recordId))])
    .execute()
  const byId = new Map(records.map((r) => [r.id, r]))
  const raised = new Set<string>()
  for (const f of flags) {
    const r = byId.get(f.recordId)
    if (!r) continue
    const { id: _id, review_state: _s, ...scope } = r
    const inserted = await trx
      .insertInto('record_flags')
      .values({ record_id: f.recordId, kind: f.kind, evidence: JSON.stringify(f.evidence), created_at: at, ...scope })
      .onConflict((oc) => oc.columns(['record_id', 'kind']).doNothing())
      .returning('seq')
      .executeTakeFirst()
    if (inserted) raised.add(f.recordId)
  }
  const changes = [...raised].flatMap((id) => {
    const to = stateAfterFlag(byId.get(id)!.review_state)
    return to === byId.get(id)!.review_state ? [] : [{ recordId: id, to, userId: null, at, source: 'flag' }]
  })
  await changeReviewStates(trx, changes)
}

/**
 * Applies state changes with their history. Records leaving or entering 不属实 have their hand-out quantities
 * taken out or put back, and their households and grids recounted, so every figure agrees at commit.
 */
export async function changeReviewStates(trx: Kysely<Database>, changes: StateChange[]): Promise<void> {
  if (changes.length === 0) return
  const rows = await trx
    .selectFrom('records')
    .select(['id', 'kind', 'body', 'review_state', 'superseded_by', 'household_id', 'grid_id', 'village_id', 'town_id', 'county_id'])
    .where('id', 'in', changes.map((c) => c.recordId))
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const households = new Set<string>()
  const grids = new Set<string>()
  for (const c of changes) {
    const r = byId.get(c.recordId)
    if (!r || r.review_state === c.to) continue
    await trx.updateTable('records').set({ review_state: c.to }).where('id', '=', r.id).execute()
    await trx
      .insertInto('review_events')
      .values({ record_id: r.id, from_state: r.review_state, to_state: c.to, user_id: c.userId, at: c.at, source: c.source, comment: c.comment ?? '' })
      .execute()
    if ((r.review_state === 'false') === (c.to === 'false')) {
      r.review_state = c.to
      continue
    }
    if (r.kind === 'handout' && c.to === 'false') await retractRecord(trx, r.id)
    if (r.kind === 'handout' && c.to !== 'false' && r.superseded_by === null) {
      await projectHandoutItems(trx, r.id, parseStoredRecord('handout', r.body).body, r)
    }
    r.review_state = c.to
    households.add(r.household_id)
    grids.add(r.grid_id)
  }
  await refreshHouseholdSummaries(trx, [...households])
  await refreshGridTallies(trx, grids)
}
