// The caller lists endpoints declare, named once.
import type { Role } from '../schemas/auth'

export const ANY_ROLE = ['worker', 'village_head', 'town_official', 'county_admin'] as const satisfies readonly Role[]
/** Village heads, town officials and county admins: everyone who oversees more than one grid. */
export const OFFICIALS = ['village_head', 'town_official', 'county_admin'] as const satisfies readonly Role[]
/** Those who set campaigns, targets and templates for their town or the county. */
export const TOWN_AND_COUNTY = ['town_official', 'county_admin'] as const satisfies readonly Role[]
export const WORKERS = ['worker'] as const satisfies readonly Role[]
