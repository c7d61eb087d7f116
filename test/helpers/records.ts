// Builders for field records as the app makes them.
import { randomBytes } from 'node:crypto'
import { uuidv7 } from '../../src/core/ids'
import type { FieldRecord, FieldRecordInput } from '../../src/core/schemas/record'
import type { VisitOutcome } from '../../src/core/schemas/visit'

export function newId(now = Date.now()): string {
  return uuidv7(now, (n) => new Uint8Array(randomBytes(n)))
}

export function visitRecord(householdId: string, outcome: VisitOutcome = 'met', extra: Partial<FieldRecordInput> = {}): FieldRecord {
  const at = new Date().toISOString()
  return {
    id: newId(),
    kind: 'visit',
    householdId,
    replaces: null,
    deviceId: 'test-device',
    createdAt: at,
    body: { outcome, peopleMet: outcome === 'met' ? 2 : 0, residentIds: [], notes: '', visitedAt: at, location: null },
    ...extra,
  } as FieldRecord
}

/** A roster change (名册维护) as the app makes it, made at `at` (ms) on the phone's clock: its id and createdAt. */
export function rosterRecord(householdId: string, body: Record<string, unknown>, at = Date.now()) {
  return { id: newId(at), kind: 'roster', householdId, replaces: null, deviceId: 'dev', createdAt: new Date(at).toISOString(), body }
}
