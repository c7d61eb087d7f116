// Cursor-paged pull of the caller's scope: households (with visit summaries) and residents changed since `cursor`.
import { maskPhone } from '@core/mask'
import { proofPolicyOf } from '@core/proof-policy'
import type { Campaign, Household, PullResponse, Resident } from '@core/schemas/sync'
import type { VisitOutcome } from '@core/schemas/visit'
import type { Db } from '../db/database'
import type { Selectable } from 'kysely'
import type { HouseholdsTable, ResidentsTable } from '../db/schema'
import { scopeColumn, type UserContext } from '../auth/user-context'
import { campaignInForce } from '../queries/campaigns'
import { currentTemplate, materialsFor } from './templates'

type Change = { rev: number; household?: Household; resident?: Resident }

export async function pullChanges(db: Db, user: UserContext, cursor: number, limit: number, now: number): Promise<PullResponse> {
  const col = scopeColumn(user)
  // Only changes up to the committed high-water mark (#12 item 4). The two lists are read by two queries, on
  // PostgreSQL on two connections, each seeing the database at its own moment: a push committed between them
  // showed its residents' changes to the second but not its households' changes to the first, and the cursor,
  // past the residents', skipped those households for good. Every change number up to the counter's committed
  // value belongs to a committed transaction (allocateRevs holds the counter's row until commit, so numbers
  // commit in order), so both queries see all of them, whenever each runs.
  const upTo = await committedRev(db)
  const [households, residents] = await Promise.all([
    db.kysely.selectFrom('households').selectAll().where(col, '=', user.areaId).where('rev', '>', cursor).where('rev', '<=', upTo).orderBy('rev').limit(limit + 1).execute(),
    db.kysely.selectFrom('residents').selectAll().where(col, '=', user.areaId).where('rev', '>', cursor).where('rev', '<=', upTo).orderBy('rev').limit(limit + 1).execute(),
  ])
  // Both lists share one rev sequence; merging and cutting at `limit` keeps the cursor exact.
  const fullPhones = user.role === 'worker'
  const changes: Change[] = [
    ...households.map((h) => ({ rev: h.rev, household: toHousehold(h) })),
    ...residents.map((r) => ({ rev: r.rev, resident: toResident(r, fullPhones) })),
  ].sort((a, b) => a.rev - b.rev)
  const page = changes.slice(0, limit)
  return {
    cursor: String(page.length ? page[page.length - 1].rev : cursor),
    hasMore: changes.length > limit,
    households: page.flatMap((c) => (c.household ? [c.household] : [])),
    residents: page.flatMap((c) => (c.resident ? [c.resident] : [])),
    campaign: await campaignOf(db, user, now),
    templates: await currentTemplates(db, user),
    materials: await materialsFor(db, user),
    serverTime: new Date(now).toISOString(),
  }
}

/** The change counter's committed value: every change numbered up to it is committed and visible. */
async function committedRev(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('counters').select('value').where('name', '=', 'rev').executeTakeFirst()
  return Number(row?.value ?? 0)
}

function toHousehold(h: Selectable<HouseholdsTable>): Household {
  return {
    id: h.id,
    gridId: h.grid_id,
    doorplate: h.doorplate,
    headName: h.head_name,
    deleted: h.deleted_at !== null,
    stats: {
      visitCount: h.visit_count,
      covered: h.covered === 1,
      lastVisitAt: h.last_visit_at === null ? null : new Date(h.last_visit_at).toISOString(),
      lastOutcome: h.last_outcome as VisitOutcome | null,
      pledgeCount: h.pledge_count,
    },
    rosterStatus: h.roster_status as Household['rosterStatus'],
  }
}

function toResident(r: Selectable<ResidentsTable>, fullPhone: boolean): Resident {
  return {
    id: r.id,
    householdId: r.household_id,
    name: r.name,
    birthYear: r.birth_year,
    gender: r.gender,
    phone: fullPhone ? r.phone : maskPhone(r.phone) || null,
    tags: JSON.parse(r.tags) as string[],
    deleted: r.deleted_at !== null,
    installedOn: r.installed_on,
    realNameOn: r.real_name_on,
    warningOnOn: r.warning_on_on,
    rosterStatus: r.roster_status as Resident['rosterStatus'],
  }
}

async function currentTemplates(db: Db, user: UserContext) {
  const t = await currentTemplate(db, user)
  return t ? [t] : []
}

/** The campaign in force for the user's area, the one their records are stamped with. */
async function campaignOf(db: Db, user: UserContext, now: number): Promise<Campaign | null> {
  const area = await db.kysely.selectFrom('areas').select(['id', 'county_id', 'town_id', 'village_id']).where('id', '=', user.areaId).executeTakeFirstOrThrow()
  const c = await campaignInForce(db.kysely, area, now)
  return c && { id: c.id, name: c.name, startsOn: c.starts_on, endsOn: c.ends_on, proof: proofPolicyOf(c.proof_policy) }
}
