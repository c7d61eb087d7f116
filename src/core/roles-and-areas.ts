// Who an account is (its role) and which area level it belongs to. No zod here: the app's first screens read these
// before any schema is needed (config/client-api-table.ts says why that matters).
export const ROLES = ['worker', 'village_head', 'town_official', 'county_admin', 'verifier'] as const
export type Role = (typeof ROLES)[number]

export const AREA_LEVELS = ['county', 'town', 'village', 'grid'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]

/**
 * The area levels each role's account may belong to: a worker sees one grid, a village head one village, … A 核查员
 * (verifier, for 电话抽查) checks a town or the whole county, so their scope is their own account's area level.
 */
export const ROLE_LEVELS: Record<Role, readonly AreaLevel[]> = {
  worker: ['grid'],
  village_head: ['village'],
  town_official: ['town'],
  county_admin: ['county'],
  verifier: ['town', 'county'],
}

export function roleFitsLevel(role: Role, level: AreaLevel): boolean {
  return ROLE_LEVELS[role].includes(level)
}

export const ROLE_LABEL: Record<Role, string> = {
  worker: '网格员',
  village_head: '村/社区负责人',
  town_official: '镇（街道）工作人员',
  county_admin: '县级管理员',
  verifier: '核查员',
}
