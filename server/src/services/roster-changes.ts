// Roster changes from the field (record kind `roster`, core/schemas/roster-change.ts): their checks, what they do to
// the households and residents tables when stored, and the list officials read.
//
// Effects, by example (applied once, when the record is first stored, in arrival order):
// - add_household 2栋102 in grid g1 → a household with the record's householdId (its doorplate key filled in, so a
//   later register import matches it);
// - resident_status dead → the resident gets deleted_at and roster_status 'dead', so it leaves the 16–60 base and
//   the household's members; returned → both cleared, counted again from then (the time away kept in
//   register_absences, so past periods do not count it); away → roster_status only, still counted;
// - household_status vacant → the household gets deleted_at and roster_status 'vacant': out of the household base,
//   its residents out of the 16–60 base (as a deleted household's are).
// Ingest recounts the touched grids and bumps the rows' change numbers in the same transaction, so the pull brings them.
import type { Kysely } from 'kysely'
import type { ErrorCode } from '@core/errors'
import { matchKey } from '@core/imports/keys'
import { maskPhone } from '@core/mask'
import { describeRosterChange } from '@core/roster-change-text'
import { RESIDENT_GONE, type RosterBody } from '@core/schemas/roster-change'
import type { RosterChange, RosterChangesQuery, RosterChangesResponse } from '@core/schemas/roster-change-list'
import { canonicalJson, type FieldRecord } from '@core/schemas/record'
import { allocateRevs, type Db } from '../db/database'
import type { Database } from '../db/schema'
import { levelColumn, type UserContext } from '../auth/user-context'
import { areaInScope } from './areas'
import { recordReturns } from './register-absences'

export type RosterRecord = Extract<FieldRecord, { kind: 'roster' }>
type Scope = { id: string; grid_id: string; village_id: string; town_id: string; county_id: string; deleted_at: number | null }

export function isAddHousehold(record: FieldRecord): record is RosterRecord & { body: { action: 'add_household' } } {
  return record.kind === 'roster' && record.body.action === 'add_household'
}

/** Adds first: a household, then members, then everything else, so a visit to a family added in the same push finds it. */
export function ingestRank(record: FieldRecord): number {
  if (record.kind !== 'roster') return 2
  return record.body.action === 'add_household' ? 0 : record.body.action === 'add_resident' ? 1 : 2
}

/** The scope a household added in `gridId` will have, or null for a grid that is not one. */
export async function newHouseholdScope(trx: Kysely<Database>, householdId: string, gridId: string): Promise<Scope | null> {
  const g = await trx.selectFrom('areas').select(['id', 'village_id', 'town_id', 'county_id']).where('id', '=', gridId).where('level', '=', 'grid').executeTakeFirst()
  if (!g || !g.village_id || !g.town_id) return null
  return { id: householdId, grid_id: g.id, village_id: g.village_id, town_id: g.town_id, county_id: g.county_id, deleted_at: null }
}

/**
 * What the server keeps of a record (records.body, record_conflicts.body): its canonical JSON, but a roster change's
 * phone masked, 13812345678 → 138****5678. The number goes to residents.phone, encrypted (crypto/phone-plugin.ts);
 * no plain copy stays in the record (PIPL, #12 item 12). Read back with core/schemas/stored-record.ts.
 */
export function storedBody(record: FieldRecord): string {
  if (record.kind !== 'roster' || !('phone' in record.body) || typeof record.body.phone !== 'string') return canonicalJson(record)
  return canonicalJson({ ...record, body: { ...record.body, phone: maskPhone(record.body.phone) } })
}

/** A reason to refuse a roster record about an existing household, or null. */
export async function checkRoster(trx: Kysely<Database>, record: RosterRecord): Promise<ErrorCode | null> {
  const body = record.body
  if (body.action === 'add_household' || body.action === 'household_status') return null
  const r = await trx.selectFrom('residents').select('household_id').where('id', '=', body.residentId).executeTakeFirst()
  if (body.action === 'add_resident') return r ? 'RESIDENT_EXISTS' : null
  return r?.household_id === record.householdId ? null : 'RESIDENT_NOT_FOUND'
}

/** Writes what a newly stored roster record changes. */
export async function applyRosterChange(trx: Kysely<Database>, record: RosterRecord, h: Scope, receivedAt: number): Promise<void> {
  const body = record.body
  const scope = { grid_id: h.grid_id, village_id: h.village_id, town_id: h.town_id, county_id: h.county_id }
  const rev = await allocateRevs(trx, 1)
  switch (body.action) {
    case 'add_household':
      // Its change number is bumped again with the batch's summaries.
      await trx
        .insertInto('households')
        .values({
          id: h.id,
          ...scope,
          doorplate: body.doorplate,
          doorplate_key: matchKey(body.doorplate),
          head_name: body.headName,
          created_at: receivedAt,
          deleted_at: null,
          rev,
          visit_count: 0,
          covered: 0,
          last_visit_at: null,
          last_outcome: null,
        })
        .execute()
      return
    case 'add_resident':
      await trx
        .insertInto('residents')
        .values({
          id: body.residentId,
          household_id: h.id,
          ...scope,
          name: body.name,
          birth_year: body.birthYear,
          gender: body.gender,
          phone: body.phone,
          relation: body.relation,
          tags: JSON.stringify(body.tags),
          created_at: receivedAt,
          deleted_at: null,
          rev,
        })
        .execute()
      return
    case 'edit_resident':
      await trx
        .updateTable('residents')
        .set({
          rev,
          ...(body.phone !== undefined && { phone: body.phone }),
          ...(body.birthYear !== undefined && { birth_year: body.birthYear }),
          ...(body.tags !== undefined && { tags: JSON.stringify(body.tags) }),
        })
        .where('id', '=', body.residentId)
        .execute()
      return
    case 'resident_status': {
      const gone = RESIDENT_GONE.includes(body.status)
      const q = trx.updateTable('residents').where('id', '=', body.residentId)
      if (gone) {
        // A resident already gone keeps the date they left.
        const r = await trx.selectFrom('residents').select('deleted_at').where('id', '=', body.residentId).executeTakeFirstOrThrow()
        await q.set({ rev, roster_status: body.status, deleted_at: r.deleted_at ?? receivedAt }).execute()
      } else {
        // 长期在外 and 返乡 both mean a member of the household: back in the counts if they had left them, the time
        // away kept for the past periods' bases.
        await recordReturns(trx, 'resident', [body.residentId], receivedAt)
        await q.set({ rev, roster_status: body.status === 'away' ? 'away' : null, deleted_at: null, off_register_at: null }).execute()
      }
      return
    }
    case 'household_status':
      await trx
        .updateTable('households')
        .set({ rev, roster_status: body.status, deleted_at: h.deleted_at ?? receivedAt })
        .where('id', '=', h.id)
        .execute()
  }
}

/** The roster changes recorded in an area the caller may see, newest first. */
export async function rosterChangesIn(db: Db, user: UserContext, query: RosterChangesQuery): Promise<RosterChangesResponse> {
  const area = await areaInScope(db, user, query.areaId)
  let q = db.kysely
    .selectFrom('records as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('areas as g', 'g.id', 'r.grid_id')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.seq', 'r.id', 'r.household_id', 'r.grid_id', 'r.occurred_at', 'r.received_at', 'r.body', 'h.doorplate', 'h.head_name', 'g.name as grid_name', 'u.name as author_name'])
    .where(`r.${levelColumn(area.level)}`, '=', area.id)
    .where('r.kind', '=', 'roster')
    .orderBy('r.seq', 'desc')
    .limit(query.limit + 1)
  if (query.before) q = q.where('r.seq', '<', Number(query.before))
  const rows = await q.execute()
  const page = rows.slice(0, query.limit)
  const bodies = page.map((r) => (JSON.parse(r.body) as { body: RosterBody }).body)
  const residentIds = [...new Set(bodies.flatMap((b) => ('residentId' in b ? [b.residentId] : [])))]
  const names = new Map<string, string>()
  if (residentIds.length) {
    for (const p of await db.kysely.selectFrom('residents').select(['id', 'name']).where('id', 'in', residentIds).execute()) names.set(p.id, p.name)
  }
  const changes: RosterChange[] = page.map((r, i) => {
    const b = bodies[i]
    const residentId = 'residentId' in b ? b.residentId : null
    const residentName = b.action === 'add_resident' ? b.name : residentId ? (names.get(residentId) ?? null) : null
    return {
      recordId: r.id,
      action: b.action,
      status: 'status' in b ? b.status : null,
      description: describeRosterChange(b, residentName),
      householdId: r.household_id,
      doorplate: r.doorplate,
      headName: r.head_name,
      gridId: r.grid_id,
      gridName: r.grid_name,
      residentId,
      residentName,
      authorName: r.author_name,
      occurredAt: new Date(Number(r.occurred_at)).toISOString(),
      receivedAt: new Date(Number(r.received_at)).toISOString(),
    }
  })
  return {
    area: { id: area.id, name: area.name, level: area.level },
    changes,
    next: rows.length > query.limit ? String(page[page.length - 1].seq) : null,
  }
}
