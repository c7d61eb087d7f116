// This phone's roster changes that no pull has brought back yet, laid over the cached households and residents: a
// family added offline can be opened, visited and given members before any sync, and a resident marked 迁出 leaves
// the list at once.
//
// Pending and synced-but-not-yet-pulled items count (as for visits, household-view.ts); rejected and conflicting
// ones do not. Items come in creation order, the order the server applies them.
import type { RosterBody } from '../schemas/roster-change'
import type { Household, Resident } from '../schemas/sync'
import type { OutboxItem } from './outbox'

type RosterChange = { householdId: string; body: RosterBody }

function localRoster(items: OutboxItem[]): RosterChange[] {
  return items.flatMap((i) => (i.record.kind === 'roster' && (i.state === 'pending' || i.state === 'synced') ? [{ householdId: i.record.householdId, body: i.record.body }] : []))
}

const NO_STATS: Household['stats'] = { visitCount: 0, covered: false, lastVisitAt: null, lastOutcome: null, pledgeCount: 0 }

/**
 * Live households with this phone's additions and without those it marked 迁出/空户/拆除. A household with local
 * member changes comes as a new object, so a page that reads its residents when the household changes reads again.
 */
export function withLocalHouseholds(households: Household[], items: OutboxItem[]): Household[] {
  const changes = localRoster(items)
  if (changes.length === 0) return households
  const byId = new Map(households.map((h) => [h.id, h]))
  for (const { householdId, body } of changes) {
    const h = byId.get(householdId)
    if (body.action === 'add_household' && !h) {
      byId.set(householdId, { id: householdId, gridId: body.gridId, doorplate: body.doorplate, headName: body.headName, deleted: false, stats: NO_STATS, rosterStatus: null })
    } else if (body.action === 'household_status') byId.delete(householdId)
    else if (h) byId.set(householdId, { ...h })
  }
  return [...byId.values()]
}

/**
 * A household's live residents with this phone's changes: members added, details edited, 迁出/死亡 gone, 长期在外
 * marked, and members who had moved out (`movedOut`) back after 返乡.
 */
export function withLocalResidents(householdId: string, residents: Resident[], items: OutboxItem[], movedOut: Resident[] = []): Resident[] {
  const changes = localRoster(items).filter((c) => c.householdId === householdId)
  if (changes.length === 0) return residents
  const byId = new Map(residents.map((r) => [r.id, r]))
  const gone = new Map(movedOut.map((r) => [r.id, r]))
  for (const { body } of changes) {
    if (body.action === 'add_resident' && !byId.has(body.residentId)) {
      const { residentId: id, name, gender, birthYear, phone, tags } = body
      byId.set(id, { id, householdId, name, gender, birthYear, phone, tags, deleted: false, installedOn: null, realNameOn: null, warningOnOn: null, rosterStatus: null })
    }
    const back = body.action === 'resident_status' && body.status === 'returned' ? gone.get(body.residentId) : undefined
    if (back && !byId.has(back.id)) byId.set(back.id, { ...back, deleted: false })
    const r = 'residentId' in body ? byId.get(body.residentId) : undefined
    if (!r) continue
    if (body.action === 'edit_resident') {
      byId.set(r.id, { ...r, ...(body.phone !== undefined && { phone: body.phone }), ...(body.birthYear !== undefined && { birthYear: body.birthYear }), ...(body.tags && { tags: body.tags }) })
    }
    if (body.action === 'resident_status') {
      if (body.status === 'moved_out' || body.status === 'dead') byId.delete(r.id)
      else byId.set(r.id, { ...r, rosterStatus: body.status === 'away' ? 'away' : null })
    }
  }
  return [...byId.values()]
}
