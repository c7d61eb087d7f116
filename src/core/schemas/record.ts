// The envelope every field record travels in: immutable, client-identified, one kind per body schema.
import { z } from 'zod'
import { text } from './text'
import { HandoutBodySchema } from './handout'
import { InstallBodySchema } from './install'
import { PledgeBodySchema } from './pledge'
import { RosterBodySchema } from './roster-change'
import { VisitBodySchema } from './visit'

const uuid = text().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, '不是有效的记录编号')

const envelope = {
  id: uuid,
  householdId: text().min(1).max(64),
  /** A correction names the record it replaces; the replaced one stays stored and readable. */
  replaces: uuid.nullable().default(null),
  deviceId: text().min(1).max(64),
  /** When the record was made, by the phone's clock. */
  createdAt: z.iso.datetime({ offset: true }),
}

export const VisitRecordSchema = z.object({ ...envelope, kind: z.literal('visit'), body: VisitBodySchema })

export const PledgeRecordSchema = z.object({ ...envelope, kind: z.literal('pledge'), body: PledgeBodySchema })
export const HandoutRecordSchema = z.object({ ...envelope, kind: z.literal('handout'), body: HandoutBodySchema })
export const InstallRecordSchema = z.object({ ...envelope, kind: z.literal('install'), body: InstallBodySchema })
/** A roster change is put right by a later change, never by a correction (roster-change.ts). */
export const RosterRecordSchema = z.object({ ...envelope, replaces: z.null().default(null), kind: z.literal('roster'), body: RosterBodySchema })

export const FieldRecordSchema = z.discriminatedUnion('kind', [
  VisitRecordSchema,
  PledgeRecordSchema,
  HandoutRecordSchema,
  InstallRecordSchema,
  RosterRecordSchema,
])
export type FieldRecord = z.infer<typeof FieldRecordSchema>
export type FieldRecordInput = z.input<typeof FieldRecordSchema>
export type RecordKind = FieldRecord['kind']

/** JSON with object keys sorted, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

export { mediaOf } from '../record-media'
