// Sync ingest benchmark: pushes 100,000 visit records in batches of 200 to the real server on SQLite and
// reports records/s, the p50/p95 latency of one push, and the ratio to a plain bulk insert of the same rows
// into the same SQLite file in the same run.
//
//   npx tsx bench/sync-ingest.ts [--records 100000] [--batch 200] [--clients 4] [--keep]
//
// Why the comparison is fair:
// - The server is the real one (buildApp + listen on 127.0.0.1, LOG_LEVEL silent) on a fresh SQLite file in
//   os.tmpdir(), seeded with the default demo county; it opens the database exactly as server/src/main.ts does
//   (WAL, synchronous=NORMAL). Every grid worker logs in with their demo code and pushes valid visits for the
//   households of their own grid over real HTTP (global fetch, keep-alive), one batch at a time.
// - The client runs on its own thread with every request body serialised before the clock starts, so the
//   server has one core to itself and the figure is the server's, not the client's.
// - Every push result must be 'stored', the records table must then hold exactly N rows and the households'
//   visit counts must add up to N, or the run fails.
// - The baseline inserts the very rows the server stored (every column value read back from `records`, with
//   new ids) into `records_baseline`, a table created from the same DDL as `records` (same columns, UNIQUE id,
//   AUTOINCREMENT seq and the same secondary indexes, however many migrations have added), in the same file, with a fresh connection using
//   the same pragmas, via one better-sqlite3 prepared INSERT in transactions of the same batch size. A copy
//   table is fairer than deleting the pushed rows and re-inserting into `records`: like the ingest, it starts
//   empty and grows the file, instead of reusing the pages the delete would free.
// - The ratio therefore measures everything the server does on top of storing the rows: HTTP, auth, validation,
//   canonical JSON + SHA-256, the duplicate check, correction linking, household summary and grid aggregate refresh,
//   the audit row and the response.
import SQLite from 'better-sqlite3'
import { seedDemoCounty, type DemoLogin } from '../server/src/seed/demo-county'
import { createPrng } from '../server/src/seed/prng'
import type { Db } from '../server/src/db/database'
import type { FieldRecordInput } from '../src/core/schemas/record'
import type { PushResponse } from '../src/core/schemas/sync'
import {
  OUTCOME_WEIGHTS,
  freshTarget,
  keepTempFiles,
  int,
  latencySummary,
  loadLine,
  log,
  login,
  machineLine,
  ms,
  newRecordId,
  openMigrated,
  parseFlags,
  printBlock,
  runHttp,
  runMain,
  secs,
  startServer,
  visitBody,
  type DbTarget,
  type HttpRequest,
} from './lib'

const USAGE = `usage: npx tsx bench/sync-ingest.ts [--records N] [--batch N] [--clients N] [--keep]
  --records N   visit records to push (default 100000)
  --batch N     records per push (default 200; the server accepts up to 500)
  --clients N   also push the same records into a second fresh database with N concurrent clients
                (default 4; 0 or 1 skips that run)
  --keep        keep the SQLite files (printed at the end) for inspection`

const flags = parseFlags(process.argv.slice(2), { records: 100_000, batch: 200, clients: 4, keep: false }, USAGE)
if (flags.keep) keepTempFiles()

interface GridData {
  worker: DemoLogin
  households: { id: string; residentIds: string[] }[]
  cursor: number
}

interface Batch {
  workerCode: string
  body: string
}

interface PushRun {
  wallMs: number
  latency: ReturnType<typeof latencySummary>
}

/** Seeds the default demo county into a fresh database and returns the grids with their households and workers. */
async function seedCounty(target: DbTarget) {
  const db = await openMigrated(target)
  const seeded = await seedDemoCounty(db)
  const grids = await loadGrids(db, seeded.logins)
  await db.close()
  return { counts: seeded.counts, grids }
}

async function loadGrids(db: Db, logins: DemoLogin[]): Promise<GridData[]> {
  const households = await db.kysely.selectFrom('households').select(['id', 'grid_id']).orderBy('id').execute()
  const residents = await db.kysely.selectFrom('residents').select(['id', 'household_id']).orderBy('id').execute()
  const residentsOf = new Map<string, string[]>()
  for (const r of residents) {
    const list = residentsOf.get(r.household_id) ?? []
    list.push(r.id)
    residentsOf.set(r.household_id, list)
  }
  const byGrid = new Map<string, GridData>()
  for (const w of logins.filter((l) => l.role === 'worker')) byGrid.set(w.areaId, { worker: w, households: [], cursor: 0 })
  for (const h of households) byGrid.get(h.grid_id)?.households.push({ id: h.id, residentIds: residentsOf.get(h.id) ?? [] })
  const grids = [...byGrid.values()].filter((g) => g.households.length > 0)
  if (grids.length === 0) throw new Error('the seeded county has no grid with households')
  return grids
}

/**
 * Batches of visits, round-robin over the grid workers, each worker walking its own grid's households in
 * order, as a worker's phone would sync a morning's visits. Visits happened in the last three days.
 */
function makeBatches(grids: GridData[], total: number, batchSize: number): Batch[] {
  const prng = createPrng(20261123)
  const now = Date.now()
  const batches: Batch[] = []
  for (let made = 0, b = 0; made < total; b++) {
    const grid = grids[b % grids.length]
    const size = Math.min(batchSize, total - made)
    const records: FieldRecordInput[] = []
    for (let i = 0; i < size; i++) {
      const h = grid.households[grid.cursor++ % grid.households.length]
      const visitedAt = now - prng.int(10 * 60, 3 * 86_400) * 1000
      const createdAt = visitedAt + prng.int(5, 180) * 1000
      records.push({
        id: newRecordId(createdAt),
        kind: 'visit',
        householdId: h.id,
        replaces: null,
        deviceId: `wx-${grid.worker.areaId}`,
        createdAt: new Date(createdAt).toISOString(),
        body: visitBody(prng, prng.weighted(OUTCOME_WEIGHTS), visitedAt, h.residentIds),
      })
    }
    batches.push({ workerCode: grid.worker.code, body: JSON.stringify({ records }) })
    made += size
  }
  return batches
}

/** Logs every worker in, pushes all batches with `concurrency` clients and checks every record was stored. */
async function pushAll(target: DbTarget, grids: GridData[], batches: Batch[], concurrency: number): Promise<PushRun> {
  const server = await startServer(target)
  const tokens = new Map<string, string>()
  for (const g of grids) tokens.set(g.worker.code, await login(server.url, g.worker.code))
  log(`${tokens.size} grid workers logged in; pushing ${int(batches.length)} batches with ${concurrency} client(s)…`)
  const requests: HttpRequest[] = batches.map((b) => ({ method: 'POST', path: '/api/v1/sync/push', token: tokens.get(b.workerCode), body: b.body }))
  const run = await runHttp(server.url, requests, concurrency)

  let stored = 0
  for (let i = 0; i < batches.length; i++) {
    if (run.status[i] !== 200) throw new Error(`push ${i} answered ${run.status[i]}: ${run.text[i].slice(0, 300)}`)
    const { results } = JSON.parse(run.text[i]) as PushResponse
    const bad = results.find((r) => r.status !== 'stored')
    if (bad) throw new Error(`push ${i}: a record was not stored: ${JSON.stringify(bad)}`)
    stored += results.length
  }
  const expected = batches.reduce((n, b) => n + (JSON.parse(b.body) as { records: unknown[] }).records.length, 0)
  const { rows } = await server.db.kysely
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('rows'))
    .executeTakeFirstOrThrow()
  const { visits } = await server.db.kysely
    .selectFrom('households')
    .select((eb) => eb.fn.sum<number>('visit_count').as('visits'))
    .executeTakeFirstOrThrow()
  const { weekly } = await server.db.kysely
    .selectFrom('grid_week_visits')
    .select((eb) => eb.fn.sum<number>('visits').as('weekly'))
    .executeTakeFirstOrThrow()
  if (stored !== expected || Number(rows) !== expected || Number(visits) !== expected || Number(weekly) !== expected) {
    throw new Error(`expected ${expected} stored rows, got results=${stored} rows=${rows} household visit_count sum=${visits} grid week visits=${weekly}`)
  }
  log(`verified: ${int(stored)} results 'stored', records has ${int(Number(rows))} rows, household visit counts and grid week visits sum to ${int(Number(visits))}`)
  await server.close()
  return { wallMs: run.wallMs, latency: latencySummary(run.latencyMs) }
}

const RECORD_COLUMNS = [
  'id', 'kind', 'household_id', 'grid_id', 'village_id', 'town_id', 'county_id', 'author_id', 'device_id', 'replaces_id',
  'superseded_by', 'campaign_id', 'device_time', 'occurred_at', 'received_at', 'outcome', 'body', 'body_hash', 'orphaned',
] as const

/** Creates records_baseline from the DDL of records: same columns, constraints and indexes. */
function createBaselineTable(sqlite: SQLite.Database): string[] {
  const ddl = sqlite
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'records' AND sql IS NOT NULL ORDER BY type DESC`)
    .all() as { type: string; name: string; sql: string }[]
  const created: string[] = []
  for (const d of ddl) {
    const sql =
      d.type === 'table'
        ? d.sql.replace(/^create table "records"/i, 'create table "records_baseline"')
        : d.sql.replace(`"${d.name}"`, `"${d.name.replace(/^records/, 'records_baseline')}"`).replace(/ on "records"/i, ' on "records_baseline"')
    if (sql === d.sql || !sql.includes('records_baseline')) throw new Error(`could not adapt DDL: ${d.sql}`)
    sqlite.exec(sql)
    created.push(sql)
  }
  const indexes = created.filter((s) => /^create (unique )?index/i.test(s)).length
  const ofRecords = ddl.filter((d) => d.type === 'index').length
  if (indexes === 0 || indexes !== ofRecords) throw new Error(`expected the ${ofRecords} secondary indexes of records, copied ${indexes}`)
  return created
}

/** Inserts the stored rows again (new ids) into records_baseline: prepared statement, `batch` rows per transaction. */
function bulkInsertBaseline(file: string, batch: number): { wallMs: number; rows: number } {
  const sqlite = new SQLite(file)
  // The same pragmas as server/src/db/database.ts.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  try {
    createBaselineTable(sqlite)
    const rows = sqlite.prepare(`SELECT ${RECORD_COLUMNS.join(', ')} FROM records ORDER BY seq`).all() as Record<string, unknown>[]
    for (const r of rows) r.id = newRecordId()
    const insert = sqlite.prepare(
      `INSERT INTO records_baseline (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    )
    const insertMany = sqlite.transaction((chunk: Record<string, unknown>[]) => {
      for (const r of chunk) insert.run(r)
    })
    const t0 = performance.now()
    for (let i = 0; i < rows.length; i += batch) insertMany(rows.slice(i, i + batch))
    const wallMs = performance.now() - t0
    const { n } = sqlite.prepare('SELECT count(*) AS n FROM records_baseline').get() as { n: number }
    if (n !== rows.length) throw new Error(`records_baseline holds ${n} rows, expected ${rows.length}`)
    return { wallMs, rows: n }
  } finally {
    sqlite.close()
  }
}

async function main(): Promise<void> {
  const total = Math.floor(flags.records)
  const batchSize = Math.floor(flags.batch)
  if (total < 1 || batchSize < 1 || batchSize > 500) throw new Error('--records must be ≥ 1 and --batch between 1 and 500')
  const started = performance.now()
  console.log(`Sync ingest benchmark: ${int(total)} visit records in batches of ${batchSize} (${machineLine()})`)

  const target = await freshTarget('sqlite', 'ingest')
  const { counts, grids } = await seedCounty(target)
  log(`seeded the default demo county: ${counts.towns} towns, ${counts.villages} villages, ${counts.grids} grids, ${int(counts.households)} households`)
  const batches = makeBatches(grids, total, batchSize)
  log(`built ${int(batches.length)} batches (${(batches.reduce((n, b) => n + b.body.length, 0) / 1e6).toFixed(1)} MB of JSON)`)

  const seq = await pushAll(target, grids, batches, 1)
  log(`sequential push done in ${(seq.wallMs / 1000).toFixed(1)} s; bulk-inserting the same rows…`)
  const base = bulkInsertBaseline(target.sqliteFile, batchSize)

  let conc: PushRun | null = null
  const clients = Math.floor(flags.clients)
  if (clients > 1) {
    const second = await freshTarget('sqlite', 'ingest-conc')
    const again = await seedCounty(second)
    conc = await pushAll(second, again.grids, batches, clients)
  }

  const httpRate = total / (seq.wallMs / 1000)
  const bulkRate = base.rows / (base.wallMs / 1000)
  const lines: [string, string][] = [
    ['Machine', machineLine()],
    ['Host load', loadLine()],
    ['Database', `SQLite file in ${target.sqliteFile.replace(/\/[^/]+\/[^/]+$/, '')} (WAL, synchronous=NORMAL)`],
    ['County', `default demo county: ${counts.grids} grids, ${int(counts.households)} households; ${grids.length} workers pushing`],
    ['Records', `${int(total)} visits, ${int(batches.length)} pushes of ${batchSize}; all 'stored', row count verified`],
    ['', ''],
    ['HTTP push, 1 client', `${int(httpRate)} records/s  (${(seq.wallMs / 1000).toFixed(1)} s)`],
    ['  latency per push', `p50 ${ms(seq.latency.p50)}   p95 ${ms(seq.latency.p95)}   max ${ms(seq.latency.max)}`],
  ]
  if (conc) {
    lines.push(
      [`HTTP push, ${clients} clients`, `${int(total / (conc.wallMs / 1000))} records/s  (${(conc.wallMs / 1000).toFixed(1)} s, fresh database)`],
      ['  latency per push', `p50 ${ms(conc.latency.p50)}   p95 ${ms(conc.latency.p95)}   max ${ms(conc.latency.max)}`],
    )
  }
  lines.push(
    ['Plain bulk insert', `${int(bulkRate)} records/s  (${(base.wallMs / 1000).toFixed(2)} s; better-sqlite3 prepared INSERT,`],
    ['', `${batchSize} rows per transaction, into records_baseline = same DDL and indexes as records)`],
    ['Ratio bulk / HTTP', `${(bulkRate / httpRate).toFixed(1)}× (the HTTP path runs at ${((httpRate / bulkRate) * 100).toFixed(1)}% of the bulk insert rate)`],
    ['Total run time', secs(started)],
  )
  printBlock('RESULT  sync ingest (SQLite)', lines)
}

runMain(main)
