// The visit (入户走访) record: what a grid worker logs at a household's door.
import { z } from 'zod'
import { multilineText, text } from './text'

export const VISIT_OUTCOMES = ['met', 'not_home', 'refused', 'moved_out', 'vacant'] as const
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number]

export const GeoPointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** Horizontal accuracy in metres as the phone reports it. */
  accuracy: z.number().min(0).max(100_000),
})
export type GeoPoint = z.infer<typeof GeoPointSchema>

export const VisitBodySchema = z.object({
  outcome: z.enum(VISIT_OUTCOMES),
  /** How many people were spoken to (0 when nobody was reached). */
  peopleMet: z.number().int().min(0).max(50),
  /** Residents of the household who were spoken to, where the worker ticked them. */
  residentIds: z.array(text().min(1).max(64)).max(50).default([]),
  notes: multilineText().max(500).default(''),
  /** When the visit happened by the phone's clock (untrusted; the server also records receipt time). */
  visitedAt: z.iso.datetime({ offset: true }),
  location: GeoPointSchema.nullable().default(null),
  /** Photos of the visit (e.g. a sign put up). Optional, not defaulted, so earlier records hash as before. */
  photoShas: z.array(text().regex(/^[0-9a-f]{64}$/)).max(9).optional(),
})
export type VisitBody = z.infer<typeof VisitBodySchema>
export type VisitBodyInput = z.input<typeof VisitBodySchema>
