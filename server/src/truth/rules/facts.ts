// What the flag rules read and write: records as stored (RecordsTable with the body parsed) plus the context the
// caller fetches, and the flag drafts the caller stores. No rule reads anything else, so every rule is a pure function.
import type { FlagKind } from '@core/flags'
import type { FieldRecord, RecordKind } from '@core/schemas/record'
import type { VisitBody } from '@core/schemas/visit'

/** A visit's GPS fix; accuracy is optional here because a fix without one is itself a flag. */
export interface FactLocation {
  lat: number
  lng: number
  accuracy?: number | null
}

type BodyOf<K extends RecordKind> = K extends 'visit'
  ? Omit<VisitBody, 'location'> & { location: FactLocation | null }
  : Extract<FieldRecord, { kind: K }>['body']

interface RecordFactsBase {
  id: string
  authorId: string
  householdId: string
  gridId: string
  villageId: string
  /** When the record was made by the phone's clock (records.device_time), epoch ms. */
  deviceTime: number
  /** When it happened by the phone's claim, never after receipt (records.occurred_at). */
  occurredAt: number
  receivedAt: number
}

/** One stored record, narrowed by kind: `if (r.kind === 'visit') r.body.location`. */
export type RecordFacts = { [K in RecordKind]: RecordFactsBase & { kind: K; body: BodyOf<K> } }[RecordKind]
export type FactsOf<K extends RecordKind> = Extract<RecordFacts, { kind: K }>

/** A grid's centre and radius; null until someone sets them. */
export type GridGeometry = { centre: { lat: number; lng: number }; radiusM: number } | null

/** A resident on the register of one of the arrived records' households (gone ones left out by the caller). */
export interface KnownResident {
  householdId: string
  residentId: string
  name: string
}

/** A pledge already stored in one of the arrived records' villages. */
export interface KnownSigner {
  recordId: string
  householdId: string
  villageId: string
  residentId: string | null
  name: string
}

export interface FlagInput {
  /** The records that just arrived; flags go on these and on stored records they form a pattern with. */
  arrived: readonly RecordFacts[]
  /** The same workers' records with occurredAt in contextRange(arrived); may include the arrived ones. */
  recent: readonly RecordFacts[]
  /** Geometry of the arrived records' grids by grid id; a grid missing here is not checked. */
  grids: Readonly<Record<string, GridGeometry>>
  residents: readonly KnownResident[]
  signers: readonly KnownSigner[]
}

/** One flag to store: the record, the kind, and what was seen, concretely (counts, distances, names, ids). */
export interface FlagDraft {
  recordId: string
  kind: FlagKind
  evidence: Record<string, unknown>
}
