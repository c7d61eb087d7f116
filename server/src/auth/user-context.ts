// Who is calling and which slice of the county they may see.
import type { AreaLevel, Role } from '@core/schemas/auth'
import { ROLE_SCOPE } from '@core/schemas/auth'

export interface UserContext {
  id: string
  name: string
  role: Role
  areaId: string
  areaName: string
  areaLevel: AreaLevel
}

/** Column of households/records/areas that pins a row to the user's area. */
export type ScopeColumn = 'grid_id' | 'village_id' | 'town_id' | 'county_id'

const LEVEL_COLUMN: Record<AreaLevel, ScopeColumn> = {
  grid: 'grid_id',
  village: 'village_id',
  town: 'town_id',
  county: 'county_id',
}

export function scopeColumn(user: UserContext): ScopeColumn {
  return LEVEL_COLUMN[ROLE_SCOPE[user.role]]
}

export function levelColumn(level: AreaLevel): ScopeColumn {
  return LEVEL_COLUMN[level]
}
