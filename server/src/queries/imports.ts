// SQL of the import tables: the job, its rows as read, the keys a pass has met, and what a register no longer lists.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely'
import type { Database, ImportAbsentTable, ImportKeysTable, ImportRowsTable, ImportsTable } from '../db/schema'
import type { AreaLevel } from '@core/schemas/auth'

export type ImportJobRow = Selectable<ImportsTable>
export type ImportRowRow = Selectable<ImportRowsTable>
export type ImportKeyRow = Selectable<ImportKeysTable>

/** PostgreSQL caps a statement at 65535 bind parameters and SQLite at 32766; stay below both. */
const MAX_BIND_PARAMS = 30_000

export async function insertJob(db: Kysely<Database>, job: Insertable<ImportsTable>): Promise<void> {
  await db.insertInto('imports').values(job).execute()
}

export async function findJob(db: Kysely<Database>, id: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateJob(db: Kysely<Database>, id: string, patch: Updateable<ImportsTable>): Promise<void> {
  await db.updateTable('imports').set(patch).where('id', '=', id).execute()
}

/** Moves a job to `to` only from one of `from`; false when another request got there first. */
export async function moveJob(db: Kysely<Database>, id: string, from: ImportsTable['status'][], patch: Updateable<ImportsTable>): Promise<boolean> {
  const r = await db.updateTable('imports').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The column of `areas` that names an area's ancestor at each level (a grid has no descendants). */
const AREA_COLUMN = { county: 'county_id', town: 'town_id', village: 'village_id', grid: 'id' } as const

/** Jobs for the area or any area inside it, newest first. */
export async function jobsWithin(db: Kysely<Database>, areaId: string, level: AreaLevel, limit: number): Promise<ImportJobRow[]> {
  return db
    .selectFrom('imports')
    .innerJoin('areas', 'areas.id', 'imports.area_id')
    .selectAll('imports')
    .where((eb) => eb.or([eb('imports.area_id', '=', areaId), eb(`areas.${AREA_COLUMN[level]}`, '=', areaId)]))
    .orderBy('imports.created_at', 'desc')
    .limit(limit)
    .execute()
}

/** Another import of the county in the middle of its apply (and still moving), other than `exceptId`. */
export async function busyApply(db: Kysely<Database>, countyId: string, exceptId: string, aliveSince: number): Promise<boolean> {
  const row = await db
    .selectFrom('imports')
    .select('id')
    .where('county_id', '=', countyId)
    .where('status', '=', 'applying')
    .where('id', '<>', exceptId)
    .where('updated_at', '>', aliveSince)
    .executeTakeFirst()
  return row !== undefined
}

async function insertChunked<T extends 'import_rows' | 'import_keys' | 'import_absent'>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (!rows.length) return
  const per = Math.max(1, Math.floor(MAX_BIND_PARAMS / Object.keys(rows[0]).length))
  for (let i = 0; i < rows.length; i += per) await db.insertInto(table).values(rows.slice(i, i + per)).execute()
}

export async function insertRows(db: Kysely<Database>, rows: Insertable<ImportRowsTable>[]): Promise<void> {
  await insertChunked(db, 'import_rows', rows)
}

export async function setRowOutcome(db: Kysely<Database>, importId: string, rowNo: number, outcome: ImportRowsTable['outcome'], message: string): Promise<void> {
  await db.updateTable('import_rows').set({ outcome, message }).where('import_id', '=', importId).where('row_no', '=', rowNo).execute()
}

/** Rows after `after` in file order, optionally of one outcome. */
export async function rowsAfter(
  db: Kysely<Database>,
  importId: string,
  after: number,
  limit: number,
  outcome?: ImportRowsTable['outcome'],
): Promise<ImportRowRow[]> {
  let q = db.selectFrom('import_rows').selectAll().where('import_id', '=', importId).where('row_no', '>', after)
  if (outcome) q = q.where('outcome', '=', outcome)
  return q.orderBy('row_no').limit(limit).execute()
}

export async function keysIn(db: Kysely<Database>, importId: string, keys: string[]): Promise<Map<string, ImportKeyRow>> {
  const out = new Map<string, ImportKeyRow>()
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .selectFrom('import_keys')
      .selectAll()
      .where('import_id', '=', importId)
      .where('key', 'in', keys.slice(i, i + 1000))
      .execute()
    for (const r of rows) out.set(r.key, r)
  }
  return out
}

export async function insertKeys(db: Kysely<Database>, rows: Insertable<ImportKeysTable>[]): Promise<void> {
  await insertChunked(db, 'import_keys', rows)
}

export async function setKeyExtra(db: Kysely<Database>, importId: string, key: string, extra: string): Promise<void> {
  await db.updateTable('import_keys').set({ extra }).where('import_id', '=', importId).where('key', '=', key).execute()
}

/** Grids whose households the pass has met (the grids the file covers). */
export async function gridsMet(db: Kysely<Database>, importId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('import_keys')
    .select('grid_id')
    .distinct()
    .where('import_id', '=', importId)
    .where('grid_id', 'is not', null)
    .orderBy('grid_id')
    .execute()
  return rows.map((r) => r.grid_id!)
}

export async function insertAbsent(db: Kysely<Database>, rows: Insertable<ImportAbsentTable>[]): Promise<void> {
  await insertChunked(db, 'import_absent', rows)
}

export async function absentAfter(
  db: Kysely<Database>,
  importId: string,
  after: { entity: ImportAbsentTable['entity']; id: string } | null,
  limit: number,
) {
  let q = db.selectFrom('import_absent').selectAll().where('import_id', '=', importId)
  if (after) {
    q = q.where((eb) => eb.or([eb('entity', '>', after.entity), eb.and([eb('entity', '=', after.entity), eb('entity_id', '>', after.id)])]))
  }
  return q.orderBy('entity').orderBy('entity_id').limit(limit).execute()
}

/** Forgets what a pass met, before the next pass or when it is over. */
export async function clearPass(db: Kysely<Database>, importId: string, alsoAbsent: boolean): Promise<void> {
  await db.deleteFrom('import_keys').where('import_id', '=', importId).execute()
  if (alsoAbsent) await db.deleteFrom('import_absent').where('import_id', '=', importId).execute()
}

/** Drops the rows (names, phones) of imports created before `before`; the jobs and their counts stay as the history. */
export async function dropOldImportData(db: Kysely<Database>, before: number): Promise<void> {
  const old = db.selectFrom('imports').select('id').where('created_at', '<', before)
  await db.deleteFrom('import_rows').where('import_id', 'in', old).execute()
  await db.deleteFrom('import_keys').where('import_id', 'in', old).execute()
  await db.deleteFrom('import_absent').where('import_id', 'in', old).execute()
}

/** How many keys starting with `prefix` the pass has met. */
export async function countKeys(db: Kysely<Database>, importId: string, prefix: string): Promise<number> {
  const row = await db
    .selectFrom('import_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('import_id', '=', importId)
    .where('key', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Marks stored households and residents that refused rows name as met (`x|id`), so the sweep leaves them alone. */
export async function keepKeys(db: Kysely<Database>, importId: string, ids: string[]): Promise<void> {
  if (!ids.length) return
  await db
    .insertInto('import_keys')
    .values(ids.map((id) => ({ import_id: importId, key: `x|${id}`, ref: id, grid_id: null, row_no: 0, extra: null })))
    .onConflict((oc) => oc.columns(['import_id', 'key']).doNothing())
    .execute()
}
