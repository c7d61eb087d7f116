// Where a grid lies, for the place flag: a centre (GCJ-02, as WeChat's location gives it) and a radius.
import { z } from 'zod'

export const GRID_RADIUS_M = { min: 50, max: 20_000 } as const

export const GridPlaceSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  radiusM: z.number().int().min(GRID_RADIUS_M.min).max(GRID_RADIUS_M.max),
})
export type GridPlace = z.infer<typeof GridPlaceSchema>

/** A grid's place; null: not set, so its visits get no place flag. */
export const GridPlaceBodySchema = z.object({ place: GridPlaceSchema.nullable() })
export const GridPlaceResponseSchema = GridPlaceBodySchema
export type GridPlaceResponse = z.infer<typeof GridPlaceResponseSchema>
