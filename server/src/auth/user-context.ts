// Who is calling and which slice of the county they may see.
import type { AreaLevel, Role } from '@core/schemas/auth'
import { ROLE_LEVELS } from '@core/schemas/auth'

export interface UserContext {
  id: string
  name: string
  role: Role
  areaId: string
  areaName: string
  areaLevel: AreaLevel
}

/** A users row joined with its area, as the services select it. */
export interface UserAreaRow {
  id: string
  name: string
  role: Role
  area_id: string
  area_name: string
  area_level: AreaLevel
}

export function userContextOf(row: UserAreaRow): UserContext {
  return { id: row.id, name: row.name, role: row.role, areaId: row.area_id, areaName: row.area_name, areaLevel: row.area_level }
}

/** Column of households/records/areas that pins a row to the user's area. */
export type ScopeColumn = 'grid_id' | 'village_id' | 'town_id' | 'county_id'

const LEVEL_COLUMN: Record<AreaLevel, ScopeColumn> = {
  grid: 'grid_id',
  village: 'village_id',
  town: 'town_id',
  county: 'county_id',
}

/** A role fixed to one level is scoped by it; a 核查员 (town or county) by their own account's area. */
export function scopeColumn(user: UserContext): ScopeColumn {
  const levels = ROLE_LEVELS[user.role]
  return LEVEL_COLUMN[levels.length === 1 ? levels[0] : user.areaLevel]
}

export function levelColumn(level: AreaLevel): ScopeColumn {
  return LEVEL_COLUMN[level]
}
