// Households as officials see them: a grid's (or village's) list with what each still needs, and one household
// with its residents, install proof, pledges, hand-outs and visits.
//
// Rules, by example:
// - a village head asks for a grid of another village, or an id that does not exist: the same 403.
// - phones are masked (138****5678) for everyone but the household's own grid worker.
// - a record corrected by a later one is shown as the correction only (superseded records are left out).
// - every view of one household's personal data is written to the audit trail ('household.view').
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { inTargetAge } from '@core/age-band'
import { chinaYear } from '@core/china-time'
import { maskPhone } from '@core/mask'
import type { AreaHouseholdsResponse, HouseholdFilter, HouseholdRow, HouseholdView } from '@core/schemas/household-view'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { VisitOutcome } from '@core/schemas/visit'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { levelColumn, scopeColumn, type UserContext } from '../auth/user-context'
import { birthYearInTargetAge } from '../queries/target-age'
import type { Area } from './areas'
import { recordAudit } from './audit'
import { counted } from '../queries/counted-records'

const RECENT = 50

/** Per household of the area: residents aged 16–60 and how many of them miss an install step. */
function targetTallies(db: Db, area: Area, year: number) {
  // Reached through the area's households (indexed by area) rather than a scan of every resident.
  return db.kysely
    .selectFrom('households as th')
    .innerJoin('residents as p', 'p.household_id', 'th.id')
    .select([
      'p.household_id',
      sql<number>`count(*)`.as('target'),
      sql<number>`sum(case when p.installed_on is null or p.real_name_on is null or p.warning_on_on is null then 1 else 0 end)`.as('gap'),
    ])
    .where(`th.${levelColumn(area.level)}`, '=', area.id)
    .where('p.deleted_at', 'is', null)
    .where(birthYearInTargetAge('p.birth_year', year))
    .groupBy('p.household_id')
    .as('t')
}

const DAY = 86_400_000

/** Each filter as a condition on h (households) and t (targetTallies); stale counts from `cutoff` (epoch ms). */
function filterSql(cutoff: number): Record<HouseholdFilter, RawBuilder<SqlBool>> {
  return {
    all: sql<SqlBool>`1 = 1`,
    unvisited: sql<SqlBool>`h.covered = 0`,
    no_pledge: sql<SqlBool>`h.pledge_count = 0`,
    install_gap: sql<SqlBool>`coalesce(t.gap, 0) > 0`,
    // Never-visited households (null) are the unvisited list, not this one.
    stale: sql<SqlBool>`h.last_visit_at < ${cutoff}`,
  }
}

const count = (cond: RawBuilder<SqlBool>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`

/**
 * Households of an area the caller may see (checked by the caller with areaInScope), needing attention first; the
 * stale list (last visit more than `days` days ago, e.g. 30 days and 1 ms) puts the longest-unvisited first.
 */
export async function householdsIn(
  db: Db,
  area: Area,
  page: { filter: HouseholdFilter; limit: number; offset: number; days: number },
  now: number,
): Promise<AreaHouseholdsResponse> {
  const { filter, limit, offset, days } = page
  const where = filterSql(now - days * DAY)
  const year = chinaYear(now)
  const base = db.kysely
    .selectFrom('households as h')
    .leftJoin(targetTallies(db, area, year), 't.household_id', 'h.id')
    .where(`h.${levelColumn(area.level)}`, '=', area.id)
    .where('h.deleted_at', 'is', null)
  const [counts, rows] = await Promise.all([
    base
      .select([
        sql<number>`count(*)`.as('all'),
        count(where.unvisited).as('unvisited'),
        count(where.no_pledge).as('no_pledge'),
        count(where.install_gap).as('install_gap'),
        count(where.stale).as('stale'),
      ])
      .executeTakeFirstOrThrow(),
    base
      .innerJoin('areas as g', 'g.id', 'h.grid_id')
      .select([
        'h.id',
        'h.doorplate',
        'h.head_name',
        'h.grid_id',
        'g.name as grid_name',
        'h.covered',
        'h.last_visit_at',
        'h.last_outcome',
        'h.pledge_count',
        sql<number>`coalesce(t.target, 0)`.as('target'),
        sql<number>`coalesce(t.gap, 0)`.as('gap'),
      ])
      .where(where[filter])
      .$if(filter === 'stale', (q) => q.orderBy('h.last_visit_at'))
      // Never visited weighs most, then no pledge, then an install gap.
      .orderBy(
        sql`(case when h.covered = 0 then 4 else 0 end) + (case when h.pledge_count = 0 then 2 else 0 end) + (case when coalesce(t.gap, 0) > 0 then 1 else 0 end)`,
        'desc',
      )
      .orderBy('h.id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ])
  const tally = {
    all: Number(counts.all),
    unvisited: Number(counts.unvisited),
    no_pledge: Number(counts.no_pledge),
    install_gap: Number(counts.install_gap),
    stale: Number(counts.stale),
  }
  return {
    area: { id: area.id, name: area.name, level: area.level },
    filter,
    days,
    total: tally[filter],
    counts: tally,
    items: rows.map(
      (r): HouseholdRow => ({
        id: r.id,
        doorplate: r.doorplate,
        headName: r.head_name,
        gridId: r.grid_id,
        gridName: r.grid_name,
        visited: r.covered === 1,
        lastVisitAt: iso(r.last_visit_at),
        lastOutcome: r.last_outcome as VisitOutcome | null,
        pledgeCount: r.pledge_count,
        targetResidents: Number(r.target),
        missingInstallSteps: Number(r.gap),
      }),
    ),
  }
}

/** One household with its evidence, if it lies in the caller's scope; the view is audit-logged. */
export async function householdView(db: Db, user: UserContext, householdId: string, now: number): Promise<HouseholdView> {
  const h = await db.kysely
    .selectFrom('households as h')
    .innerJoin('areas as g', 'g.id', 'h.grid_id')
    .selectAll('h')
    .select('g.name as grid_name')
    .where('h.id', '=', householdId)
    .executeTakeFirst()
  if (!h || h[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
  const fullPhones = user.role === 'worker' && user.areaId === h.grid_id
  const year = chinaYear(now)

  const effective = (kind: string) =>
    db.kysely
      .selectFrom('records as r')
      .where('r.household_id', '=', householdId)
      .where('r.kind', '=', kind)
      .where(counted('r'))
  const [residents, installs, pledges, handouts, visits] = await Promise.all([
    db.kysely.selectFrom('residents').selectAll().where('household_id', '=', householdId).where('deleted_at', 'is', null).orderBy('id').execute(),
    effective('install').select(['r.body']).orderBy('r.occurred_at', 'desc').execute(),
    db.kysely
      .selectFrom('pledges as p')
      .innerJoin('records as r', 'r.id', 'p.record_id')
      .leftJoin('record_media as rm', 'rm.record_id', 'p.record_id')
      .select(['p.record_id', 'p.signer_name', 'p.signed_at', 'p.verification_code', 'p.duplicate_of', 'rm.sha256'])
      .where('p.household_id', '=', householdId)
      .where(counted('r'))
      .orderBy('p.signed_at', 'desc')
      .limit(RECENT)
      .execute(),
    db.kysely
      .selectFrom('handout_items as i')
      .innerJoin('records as r', 'r.id', 'i.record_id')
      .innerJoin('materials as m', 'm.id', 'i.material_id')
      .select(['i.record_id', 'm.name', 'i.quantity', 'r.occurred_at'])
      .where('i.household_id', '=', householdId)
      .where(counted('r'))
      .orderBy('r.occurred_at', 'desc')
      .orderBy('m.sort')
      .limit(RECENT)
      .execute(),
    effective('visit')
      .leftJoin('users as u', 'u.id', 'r.author_id')
      .select(['r.id', 'r.outcome', 'r.occurred_at', 'r.body', 'u.name as author_name'])
      .orderBy('r.occurred_at', 'desc')
      .limit(RECENT)
      .execute(),
  ])

  // The stored body is the whole record as the phone sent it; screenshots are listed per resident, and 居民不愿截图 when
  // the resident declined and no screenshot was given.
  const shots = new Map<string, string[]>()
  const declined = new Set<string>()
  for (const row of installs) {
    const body = parseStoredRecord('install', row.body).body
    if (body.screenshotDeclined) declined.add(body.residentId)
    const list = shots.get(body.residentId) ?? []
    for (const sha of body.screenshotShas) if (!list.includes(sha)) list.push(sha)
    shots.set(body.residentId, list)
  }

  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'household.view',
    entity: 'household',
    entityId: householdId,
    detail: { fullPhones, residents: residents.length },
  })

  const target = residents.filter((r) => inTargetAge(r.birth_year, year))
  return {
    household: {
      id: h.id,
      doorplate: h.doorplate,
      headName: h.head_name,
      gridId: h.grid_id,
      gridName: h.grid_name,
      visited: h.covered === 1,
      lastVisitAt: iso(h.last_visit_at),
      lastOutcome: h.last_outcome as VisitOutcome | null,
      pledgeCount: h.pledge_count,
      targetResidents: target.length,
      missingInstallSteps: target.filter((r) => !r.installed_on || !r.real_name_on || !r.warning_on_on).length,
      visitCount: h.visit_count,
      deleted: h.deleted_at !== null,
    },
    fullPhones,
    residents: residents.map((r) => ({
      id: r.id,
      name: r.name,
      age: r.birth_year === null ? null : year - r.birth_year,
      gender: r.gender,
      tags: JSON.parse(r.tags) as string[],
      phone: fullPhones ? r.phone : maskPhone(r.phone) || null,
      inTarget: target.includes(r),
      installedOn: r.installed_on,
      realNameOn: r.real_name_on,
      warningOnOn: r.warning_on_on,
      screenshotShas: shots.get(r.id) ?? [],
      screenshotDeclined: declined.has(r.id) && !shots.get(r.id)?.length,
    })),
    pledges: pledges.map((p) => ({
      recordId: p.record_id,
      signerName: p.signer_name,
      signedAt: new Date(Number(p.signed_at)).toISOString(),
      verificationCode: p.verification_code,
      duplicate: p.duplicate_of !== null,
      signatureSha: p.sha256,
    })),
    handouts: handouts.map((i) => ({
      recordId: i.record_id,
      materialName: i.name,
      quantity: i.quantity,
      handedAt: new Date(Number(i.occurred_at)).toISOString(),
    })),
    visits: visits.map((v) => ({
      recordId: v.id,
      outcome: v.outcome as VisitOutcome | null,
      visitedAt: new Date(Number(v.occurred_at)).toISOString(),
      notes: parseStoredRecord('visit', v.body).body.notes,
      byName: v.author_name ?? '',
    })),
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString()
}
