// The county's column layouts for the 上级平台 (core/export-layout.ts): set once by the county admin, read by every
// export of the county that asks for format=county.
import { unknownLayoutFields, type ExportLayout, type ExportLayoutInput, type ExportLayoutKind } from '@core/export-layout'
import type { Db } from '../db/database'
import type { ExportLayoutsTable } from '../db/schema'
import type { UserContext } from '../auth/user-context'
import { AppError } from '../http/app-error'
import { areaInScope } from './areas'
import { recordAudit } from './audit'

function toLayout(row: ExportLayoutsTable): ExportLayout {
  return {
    kind: row.kind as ExportLayoutKind,
    name: row.name,
    columns: JSON.parse(row.columns) as ExportLayout['columns'],
    dateFormat: row.date_format as ExportLayout['dateFormat'],
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  }
}

async function countyOf(db: Db, user: UserContext): Promise<string> {
  return (await areaInScope(db, user, undefined)).county_id
}

export async function exportLayouts(db: Db, user: UserContext): Promise<{ items: ExportLayout[] }> {
  const rows = await db.kysely.selectFrom('export_layouts').selectAll().where('county_id', '=', await countyOf(db, user)).orderBy('kind').execute()
  return { items: rows.map(toLayout) }
}

/** The county's layout of one kind, or null when it has set none. */
export async function layoutOf(db: Db, countyId: string, kind: ExportLayoutKind): Promise<ExportLayout | null> {
  const row = await db.kysely.selectFrom('export_layouts').selectAll().where('county_id', '=', countyId).where('kind', '=', kind).executeTakeFirst()
  return row ? toLayout(row) : null
}

/** Sets (or replaces) the county's layout of one kind; the same layout again changes only its time. */
export async function setExportLayout(db: Db, user: UserContext, kind: ExportLayoutKind, input: ExportLayoutInput, now: number): Promise<ExportLayout> {
  if (unknownLayoutFields(kind, input.columns).length) throw new AppError('EXPORT_LAYOUT_FIELD_UNKNOWN')
  const countyId = await countyOf(db, user)
  const values = { name: input.name, columns: JSON.stringify(input.columns), date_format: input.dateFormat, updated_by: user.id, updated_at: now }
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('export_layouts')
      .values({ county_id: countyId, kind, ...values })
      .onConflict((oc) => oc.columns(['county_id', 'kind']).doUpdateSet(values))
      .execute()
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'export_layout.set',
      entity: 'export_layout',
      entityId: `${countyId}/${kind}`,
      detail: { kind, name: input.name, columns: input.columns, dateFormat: input.dateFormat },
    })
  })
  return (await layoutOf(db, countyId, kind))!
}
