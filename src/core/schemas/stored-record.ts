// Field records as the server keeps them (records.body, record_conflicts.body), read back: the canonicalJson of what
// the phone sent, except that a roster change's phone is stored masked (138****5678). The number itself lives only
// in residents.phone, encrypted (#12 item 12, server/src/crypto/); the stored record keeps no more than a list
// would show (PIPL), while its body_hash stays that of what the phone sent, so a resend is still recognised as a
// duplicate and a changed one as a conflict. Server-only: the app's main package never reads stored records.
import { z } from 'zod'
import { Mobile } from './person'
import {
  AddHouseholdSchema,
  AddResidentSchema,
  EditResidentFields,
  HouseholdStatusSchema,
  ResidentStatusSchema,
} from './roster-change'
import { HandoutRecordSchema, InstallRecordSchema, PledgeRecordSchema, RosterRecordSchema, VisitRecordSchema, type FieldRecord, type RecordKind } from './record'

/** A phone as a stored roster record holds it: masked by maskPhone (core/mask.ts), or a number stored before masking. */
export const StoredMobile = z.union([z.string().regex(/^1\d{2}\*{4}\d{4}$/), Mobile])

export const StoredRosterBodySchema = z.discriminatedUnion('action', [
  AddHouseholdSchema,
  AddResidentSchema.extend({ phone: StoredMobile.nullable().default(null) }),
  EditResidentFields.extend({ phone: StoredMobile.nullable().optional() }),
  ResidentStatusSchema,
  HouseholdStatusSchema,
])

export const StoredRosterRecordSchema = RosterRecordSchema.extend({ body: StoredRosterBodySchema })

/** Any stored record, e.g. a conflicting version that may not parse (FieldRecordSchema is what a phone may push). */
export const StoredFieldRecordSchema = z.discriminatedUnion('kind', [
  VisitRecordSchema,
  PledgeRecordSchema,
  HandoutRecordSchema,
  InstallRecordSchema,
  StoredRosterRecordSchema,
])

const RECORD_SCHEMAS = {
  visit: VisitRecordSchema,
  pledge: PledgeRecordSchema,
  handout: HandoutRecordSchema,
  install: InstallRecordSchema,
  roster: StoredRosterRecordSchema,
} as const

/**
 * A stored record (the canonicalJson the server keeps of each record) read back with its kind's schema, so a body
 * that does not match what the reader expects fails here rather than as a wrong figure later.
 * Example: parseStoredRecord('install', row.body).body.steps.
 */
export function parseStoredRecord<K extends RecordKind>(kind: K, json: string): Extract<FieldRecord, { kind: K }> {
  return RECORD_SCHEMAS[kind].parse(JSON.parse(json)) as Extract<FieldRecord, { kind: K }>
}
