// A grid's centre and radius, set by an official over it; the place flag compares visits' GPS with it.
import type { GridPlace, GridPlaceResponse } from '@core/schemas/grid-place'
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import { AppError } from '../http/app-error'
import { areaInScope } from './areas'
import { recordAudit } from './audit'

export async function readGridPlace(db: Db, user: UserContext, gridId: string): Promise<GridPlaceResponse> {
  await gridInScope(db, user, gridId)
  const row = await db.kysely.selectFrom('areas').select(['centre_lat', 'centre_lng', 'radius_m']).where('id', '=', gridId).executeTakeFirstOrThrow()
  return { place: placeOf(row) }
}

export async function setGridPlace(db: Db, user: UserContext, gridId: string, place: GridPlace | null, now: number): Promise<GridPlaceResponse> {
  await gridInScope(db, user, gridId)
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('areas')
      .set({ centre_lat: place?.lat ?? null, centre_lng: place?.lng ?? null, radius_m: place?.radiusM ?? null })
      .where('id', '=', gridId)
      .execute()
    await recordAudit(trx, { at: now, userId: user.id, action: 'area.place', entity: 'area', entityId: gridId, detail: { place } })
  })
  return { place }
}

export function placeOf(row: { centre_lat: number | null; centre_lng: number | null; radius_m: number | null }): GridPlace | null {
  if (row.centre_lat === null || row.centre_lng === null || row.radius_m === null) return null
  return { lat: Number(row.centre_lat), lng: Number(row.centre_lng), radiusM: Number(row.radius_m) }
}

async function gridInScope(db: Db, user: UserContext, id: string): Promise<void> {
  const area = await areaInScope(db, user, id)
  if (area.level !== 'grid') throw new AppError('AREA_NOT_GRID')
}
