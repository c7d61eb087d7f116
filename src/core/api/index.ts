// Every endpoint of the API, by name. Routes register from this list; the security matrix walks it.
import * as areas from './endpoints/areas'
import * as auth from './endpoints/auth'
import * as campaigns from './endpoints/campaigns'
import * as coverage from './endpoints/coverage'
import * as exports from './endpoints/exports'
import * as households from './endpoints/households'
import * as imports from './endpoints/imports'
import * as pledges from './endpoints/pledges'
import * as rosterChanges from './endpoints/roster-changes'
import * as setup from './endpoints/setup'
import * as staff from './endpoints/staff'
import * as sync from './endpoints/sync'

export const API = { ...areas, ...auth, ...campaigns, ...coverage, ...exports, ...households, ...imports, ...pledges, ...rosterChanges, ...setup, ...staff, ...sync }
export type EndpointName = keyof typeof API

export * from './endpoint'
export { MIME } from './mime'
