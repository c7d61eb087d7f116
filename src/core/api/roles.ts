// The caller lists endpoints declare, named once.
import type { Role } from '../schemas/auth'

/** Everyone who does or oversees the outreach; the 核查员 (verifier) is not among them and sees only what checking needs. */
export const ANY_ROLE = ['worker', 'village_head', 'town_official', 'county_admin'] as const satisfies readonly Role[]
/** Every signed-in account, the 核查员 included: their own identity and signing out. */
export const EVERY_ROLE = [...ANY_ROLE, 'verifier'] as const satisfies readonly Role[]
/** 电话抽查: drawing the sample, seeing full phone numbers and recording outcomes. */
export const VERIFIERS = ['verifier'] as const satisfies readonly Role[]
/** Village heads, town officials and county admins: everyone who oversees more than one grid. */
export const OFFICIALS = ['village_head', 'town_official', 'county_admin'] as const satisfies readonly Role[]
/** Those who set campaigns, targets and templates for their town or the county. */
export const TOWN_AND_COUNTY = ['town_official', 'county_admin'] as const satisfies readonly Role[]
export const WORKERS = ['worker'] as const satisfies readonly Role[]
