// Every endpoint of the API, by name. Routes register from this list; the security matrix walks it.
import * as areas from './endpoints/areas'
import * as auditLog from './endpoints/audit-log'
import * as auth from './endpoints/auth'
import * as campaigns from './endpoints/campaigns'
import * as clientErrors from './endpoints/client-errors'
import * as coverage from './endpoints/coverage'
import * as dataRequests from './endpoints/data-requests'
import * as exports from './endpoints/exports'
import * as feedback from './endpoints/feedback'
import * as fraudCases from './endpoints/fraud-cases'
import * as households from './endpoints/households'
import * as imports from './endpoints/imports'
import * as offRegister from './endpoints/off-register'
import * as pledges from './endpoints/pledges'
import * as review from './endpoints/review'
import * as rosterChanges from './endpoints/roster-changes'
import * as setup from './endpoints/setup'
import * as spotChecks from './endpoints/spot-checks'
import * as staff from './endpoints/staff'
import * as sync from './endpoints/sync'

export const API = { ...areas, ...auditLog, ...auth, ...campaigns, ...clientErrors, ...coverage, ...dataRequests, ...exports, ...feedback, ...fraudCases, ...households, ...imports, ...offRegister, ...pledges, ...review, ...rosterChanges, ...setup, ...spotChecks, ...staff, ...sync }
export type EndpointName = keyof typeof API

export * from './endpoint'
export { MIME } from './mime'
