// The area tree (county → town → village → grid) and the scope rule: a user sees their area and below.
import type { AreaLevel } from '@core/schemas/auth'
import type { Db } from '../db/database'
import type { AreasTable } from '../db/schema'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'

/** An area as the tree and the scope rule see it (a grid's centre and radius are the place flag's business). */
export type Area = Omit<AreasTable, 'centre_lat' | 'centre_lng' | 'radius_m'>

export const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  county: 'town',
  town: 'village',
  village: 'grid',
  grid: null,
}

export function isWithin(area: Area, ancestorId: string, ancestorLevel: AreaLevel): boolean {
  if (area.id === ancestorId) return true
  switch (ancestorLevel) {
    case 'county':
      return area.county_id === ancestorId
    case 'town':
      return area.town_id === ancestorId
    case 'village':
      return area.village_id === ancestorId
    case 'grid':
      return false
  }
}

/**
 * The area if the user may see it. An unknown area and a forbidden one give the same 403,
 * so probing ids reveals nothing.
 */
export async function areaInScope(db: Db, user: UserContext, areaId: string | undefined): Promise<Area> {
  const id = areaId ?? user.areaId
  const area = await db.kysely.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst()
  if (!area || !isWithin(area, user.areaId, user.areaLevel)) throw new AppError('FORBIDDEN')
  return area
}

/** Every area of the given levels, by id. */
export async function areasOfLevels(db: Db, levels: readonly AreaLevel[]): Promise<Area[]> {
  return db.kysely.selectFrom('areas').selectAll().where('level', 'in', [...levels]).orderBy('id').execute()
}

export async function childAreas(db: Db, parentId: string): Promise<Area[]> {
  return db.kysely.selectFrom('areas').selectAll().where('parent_id', '=', parentId).orderBy('sort').execute()
}
