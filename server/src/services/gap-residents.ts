// 16–60岁未装全: residents of an area aged 16–60 this (China) year who miss at least one of the three install
// steps, with names masked for the list (张*明); the household page, which is audit-logged, shows them in full.
import { chinaYear } from '@core/china-time'
import { maskName } from '@core/mask'
import type { AreaResidentsResponse, GapResident } from '@core/schemas/household-view'
import type { InstallStep } from '@core/schemas/install'
import type { Db } from '../db/database'
import { levelColumn } from '../auth/user-context'
import { birthYearInTargetAge } from '../queries/target-age'
import type { Area } from './areas'

/** A page of the area's residents with an install gap (the caller checks scope with areaInScope), grid by grid. */
export async function installGapResidents(db: Db, area: Area, page: { limit: number; offset: number }, now: number): Promise<AreaResidentsResponse> {
  const year = chinaYear(now)
  // Driven from households, whose area columns are indexed, then each household's residents.
  const base = db.kysely
    .selectFrom('households as h')
    .innerJoin('residents as p', 'p.household_id', 'h.id')
    .where(`h.${levelColumn(area.level)}`, '=', area.id)
    .where('h.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where(birthYearInTargetAge('p.birth_year', year))
    .where((eb) => eb.or([eb('p.installed_on', 'is', null), eb('p.real_name_on', 'is', null), eb('p.warning_on_on', 'is', null)]))
  const [total, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .innerJoin('areas as g', 'g.id', 'h.grid_id')
      .select(['p.id', 'p.name', 'p.birth_year', 'p.installed_on', 'p.real_name_on', 'p.warning_on_on', 'h.id as household_id', 'h.doorplate', 'h.grid_id', 'g.name as grid_name'])
      .orderBy('g.sort')
      .orderBy('h.grid_id')
      .orderBy('h.id')
      .orderBy('p.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ])
  return {
    area: { id: area.id, name: area.name, level: area.level },
    filter: 'install_gap',
    total: Number(total.n),
    items: rows.map(
      (r): GapResident => ({
        residentId: r.id,
        name: maskName(r.name),
        age: year - Number(r.birth_year),
        householdId: r.household_id,
        doorplate: r.doorplate,
        gridId: r.grid_id,
        gridName: r.grid_name,
        missing: missingSteps(r),
      }),
    ),
  }
}

function missingSteps(r: { installed_on: string | null; real_name_on: string | null; warning_on_on: string | null }): InstallStep[] {
  const done: Record<InstallStep, string | null> = { installed: r.installed_on, real_name: r.real_name_on, warning_on: r.warning_on_on }
  return (Object.keys(done) as InstallStep[]).filter((s) => done[s] === null)
}
