// Bulk loading for bench/county-scale.ts: positional rows buffered per table and written in big batches —
// multi-row prepared INSERTs in transactions on SQLite, INSERT … SELECT FROM unnest(arrays) on PostgreSQL — with
// the tables' secondary indexes dropped during the load and rebuilt from their own DDL afterwards.
import SQLite from 'better-sqlite3'
import pg from 'pg'
import type { DbTarget } from './lib'

type PgType = 'text' | 'bigint' | 'integer'

/** The columns the benchmark fills, with their PostgreSQL types (for unnest's typed arrays). */
export const TABLES = {
  records: cols(
    'seq:bigint id kind household_id grid_id village_id town_id county_id author_id device_id replaces_id superseded_by campaign_id ' +
      'device_time:bigint occurred_at:bigint received_at:bigint outcome body body_hash orphaned:integer',
  ),
  households: cols(
    'id grid_id village_id town_id county_id doorplate head_name created_at:bigint deleted_at:bigint rev:bigint visit_count:integer ' +
      'covered:integer last_visit_at:bigint last_outcome pledge_count:integer',
  ),
  residents: cols(
    'id household_id grid_id village_id town_id county_id name birth_year:integer gender phone tags deleted_at:bigint rev:bigint ' +
      'installed_on real_name_on warning_on_on',
  ),
  pledges: cols(
    'record_id household_id grid_id village_id town_id county_id campaign_id template_id signer_key signer_name signed_at:bigint ' +
      'duplicate_of verification_code',
  ),
  handout_items: cols('record_id material_id quantity:integer household_id grid_id village_id town_id county_id receipt_signed:integer'),
  record_media: cols('record_id sha256 household_id grid_id village_id town_id county_id'),
  media: cols('sha256 bytes:integer mime width:integer height:integer uploaded_by uploaded_at:bigint'),
}

export type TableName = keyof typeof TABLES
export type Row = (string | number | null)[]

function cols(spec: string): { name: string; type: PgType }[] {
  return spec.split(/\s+/).map((c) => {
    const [name, type] = c.split(':')
    return { name, type: (type ?? 'text') as PgType }
  })
}

const BATCH = 5000

/** Buffers rows per table; `drain()` writes every full buffer, `finish()` writes the rest. */
export interface Loader {
  add(table: TableName, row: Row): void
  drain(): Promise<void>
  finish(): Promise<void>
  /** Row counts written so far, per table. */
  counts: Record<TableName, number>
}

export function openLoader(target: DbTarget): Promise<Loader & { close(): Promise<void> }> {
  return target.kind === 'sqlite' ? Promise.resolve(sqliteLoader(target.sqliteFile)) : postgresLoader(target.databaseUrl!)
}

function emptyCounts(): Record<TableName, number> {
  return Object.fromEntries(Object.keys(TABLES).map((t) => [t, 0])) as Record<TableName, number>
}

function bufferedLoader(write: (table: TableName, rows: Row[]) => Promise<void> | void): Loader {
  const buffers = new Map<TableName, Row[]>()
  const counts = emptyCounts()
  const flush = async (all: boolean) => {
    for (const [table, rows] of buffers) {
      if (rows.length === 0 || (!all && rows.length < BATCH)) continue
      buffers.set(table, [])
      counts[table] += rows.length
      await write(table, rows)
    }
  }
  return {
    counts,
    add(table, row) {
      let b = buffers.get(table)
      if (!b) buffers.set(table, (b = []))
      b.push(row)
    },
    drain: () => flush(false),
    finish: () => flush(true),
  }
}

/** 100-row INSERT statements, prepared once per table, one transaction per batch. */
function sqliteLoader(file: string): Loader & { close(): Promise<void> } {
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  // Only for the load: a crash here just means running the benchmark again.
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -262144')
  const PER_STATEMENT = 100
  const statements = new Map<string, SQLite.Statement>()
  const statement = (table: TableName, rows: number) => {
    const key = `${table}:${rows}`
    let s = statements.get(key)
    if (!s) {
      const names = TABLES[table].map((c) => c.name)
      const tuple = `(${names.map(() => '?').join(',')})`
      s = sqlite.prepare(`INSERT INTO ${table} (${names.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`)
      statements.set(key, s)
    }
    return s
  }
  const write = sqlite.transaction((table: TableName, rows: Row[]) => {
    let i = 0
    for (; i + PER_STATEMENT <= rows.length; i += PER_STATEMENT) statement(table, PER_STATEMENT).run(rows.slice(i, i + PER_STATEMENT).flat())
    for (; i < rows.length; i++) statement(table, 1).run(rows[i])
  })
  return {
    ...bufferedLoader((table, rows) => write(table, rows)),
    close: async () => {
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
      sqlite.close()
    },
  }
}

/** One INSERT … SELECT FROM unnest($1::text[], …) per batch; the next batch is built while the last one runs. */
async function postgresLoader(url: string): Promise<Loader & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query('SET synchronous_commit = off')
  let pending: Promise<unknown> = Promise.resolve()
  const write = async (table: TableName, rows: Row[]) => {
    const columns = TABLES[table]
    const arrays = columns.map((_, c) => rows.map((r) => r[c]))
    const sql =
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(',')}) ` +
      `SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(',')})`
    await pending
    pending = client.query(sql, arrays)
  }
  const loader = bufferedLoader(write)
  return {
    ...loader,
    finish: async () => {
      await loader.finish()
      await pending
    },
    close: async () => {
      await pending
      await client.end()
    },
  }
}

/** Drops the secondary indexes of the loaded tables (not primary keys or UNIQUE constraints); returns their DDL. */
export async function dropIndexes(target: DbTarget): Promise<string[]> {
  const tables = Object.keys(TABLES)
  if (target.kind === 'sqlite') {
    const sqlite = new SQLite(target.sqliteFile)
    const rows = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
      .all(...tables) as { name: string; sql: string }[]
    for (const r of rows) sqlite.exec(`DROP INDEX "${r.name}"`)
    sqlite.close()
    return rows.map((r) => r.sql)
  }
  return withPg(target, async (c) => {
    const { rows } = await c.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
      [tables],
    )
    for (const r of rows) await c.query(`DROP INDEX "${r.indexname}"`)
    return rows.map((r) => String(r.indexdef))
  })
}

/** Rebuilds the dropped indexes, then what the server's database would have after such a load (ANALYZE on PG). */
export async function restoreIndexes(target: DbTarget, ddl: string[]): Promise<void> {
  if (target.kind === 'sqlite') {
    const sqlite = new SQLite(target.sqliteFile)
    sqlite.pragma('cache_size = -262144')
    for (const s of ddl) sqlite.exec(s)
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    sqlite.close()
    return
  }
  await withPg(target, async (c) => {
    await c.query(`SET maintenance_work_mem = '512MB'`)
    for (const s of ddl) await c.query(s)
    await c.query(`SELECT setval(pg_get_serial_sequence('records', 'seq'), (SELECT max(seq) FROM records))`)
    // Autovacuum would analyse freshly loaded tables within a minute.
    await c.query('VACUUM ANALYZE')
  })
}

export async function withPg<T>(target: DbTarget, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: target.databaseUrl })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}
