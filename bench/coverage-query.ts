// Coverage query benchmark: the demo county scaled to ≈50,000 households and 500,000 visits; reports the
// p50/p95/max latency of the town view (GET /api/v1/coverage as a town official) over real HTTP, with the
// village and county views as extra lines. Optionally repeats the run on PostgreSQL.
//
//   npx tsx bench/coverage-query.ts [--households 50000] [--visits 500000] [--requests 200] [--warmup 20] [--postgres] [--keep]
//
// Why the figures are fair:
// - The county is seedDemoCounty's own (5 towns, 9–11 villages per town, 3–6 grids per village, households
//   per grid scaled to reach the target), so areas, users and households are exactly what the app creates.
// - The visits are bulk-loaded (ingesting 500,000 records over HTTP would take minutes and is measured by
//   sync-ingest.ts), but every column holds what ingest would store: canonical-JSON body and its SHA-256, the
//   worker as author, campaign by China date, occurred_at = min(visitedAt, received_at), seq in receive order,
//   1% corrections (replaces_id / superseded_by linked as ingest links them). Household summaries are then
//   computed by ingest's own exported refreshHouseholdSummaries, and all of them are checked against an
//   independent model built while generating, so the summary columns are exactly what ingest would produce.
//   The per-grid aggregates the view reads are then built by rebuildGridTallies (what ingest keeps per grid, in
//   one set-based pass), and every response is checked against the model, so they are exact too.
// - received_at covers the last 8 weeks, one eighth per week; the current week gets a full week's share
//   (spread from Monday 00:00 China time to now), i.e. the figure is the end-of-week worst case whatever
//   day the benchmark runs. 6% of households are never visited and 4% are only ever found not at home.
// - The server is the real one (buildApp + listen, LOG_LEVEL silent) on its own connection opened like
//   server/src/main.ts; the client runs on its own thread; 20 warm-up requests are discarded, then 200 are
//   timed one after another. Every response is checked against the model (households, covered, this week's
//   visits). SQLite gets no ANALYZE (the server never runs one); PostgreSQL gets ANALYZE after the load,
//   which autovacuum would do on its own within a minute of such a load.
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { seedDemoCounty, type SeedOptions } from '../server/src/seed/demo-county'
import { createPrng, type Prng } from '../server/src/seed/prng'
import { rebuildGridTallies } from '../server/src/services/grid-tallies'
import { refreshHouseholdSummaries } from '../server/src/services/ingest'
import type { Db } from '../server/src/db/database'
import { summariseVisits, type HouseholdVisitSummary, type VisitFact } from '../src/core/coverage'
import { chinaWeekStart, formatChinaTime } from '../src/core/china-time'
import { canonicalJson } from '../src/core/schemas/record'
import { VISIT_OUTCOMES, type VisitOutcome } from '../src/core/schemas/visit'
import type { CoverageResponse } from '../src/core/schemas/coverage'
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
} from './lib'

const USAGE = `usage: npx tsx bench/coverage-query.ts [--households N] [--visits N] [--requests N] [--warmup N] [--postgres]
  --households N  approximate number of households (default 50000)
  --visits N      visit records to load (default 500000)
  --requests N    timed requests per view (default 200), after --warmup N untimed ones (default 20)
  --postgres      after the SQLite run, repeat everything on a fresh PostgreSQL database
                  (${'BENCH_PG_URL'} or postgres://postgres@127.0.0.1:5432/test for admin connections)
  --keep          keep the SQLite file / PostgreSQL database (printed at the end) for inspection`

const flags = parseFlags(
  process.argv.slice(2),
  { households: 50_000, visits: 500_000, requests: 200, warmup: 20, postgres: false, keep: false },
  USAGE,
)
if (flags.keep) keepTempFiles()

const WEEK = 7 * 86_400_000
const CAMPAIGN = { id: 'camp-2026', startsOn: '2026-11-01' } // as seeded by seedDemoCounty
const TOWNS = 5
/** Grids per town that seedDemoCounty's default village and grid ranges give on average (measured). */
const GRIDS_PER_TOWN = 46

function seedOptionsFor(households: number): SeedOptions {
  const perGrid = Math.max(1, households / (TOWNS * GRIDS_PER_TOWN))
  const lo = Math.max(1, Math.round(perGrid * 0.77))
  const hi = Math.max(lo, Math.round(perGrid * 1.23))
  return { towns: TOWNS, householdsPerGrid: [lo, hi] }
}

interface HouseholdRow {
  id: string
  grid_id: string
  village_id: string
  town_id: string
  county_id: string
}

/** The generated visits in receive order, as parallel arrays, plus the expected household summaries. */
interface Plan {
  households: HouseholdRow[]
  residentIds: string[][]
  count: number
  household: Int32Array
  receivedAt: Float64Array
  visitedAt: Float64Array
  createdAt: Float64Array
  outcome: Uint8Array
  replaces: Int32Array
  supersededBy: Int32Array
  ids: string[]
  expected: HouseholdVisitSummary[]
}

async function loadCounty(db: Db) {
  const households = await db.kysely.selectFrom('households').select(['id', 'grid_id', 'village_id', 'town_id', 'county_id']).orderBy('id').execute()
  const index = new Map(households.map((h, i) => [h.id, i]))
  const residentIds: string[][] = households.map(() => [])
  for (const r of await db.kysely.selectFrom('residents').select(['id', 'household_id']).orderBy('id').execute()) {
    residentIds[index.get(r.household_id)!].push(r.id)
  }
  return { households, residentIds }
}

function pickOutcome(prng: Prng, onlyNotHome: boolean): number {
  return VISIT_OUTCOMES.indexOf(onlyNotHome ? 'not_home' : prng.weighted(OUTCOME_WEIGHTS))
}

function delayBeforeReceipt(prng: Prng): number {
  const r = prng.next()
  if (r < 0.6) return prng.int(60, 2 * 3600) * 1000 // synced within two hours
  if (r < 0.9) return prng.int(2 * 3600, 86_400) * 1000 // the same evening or next morning
  return prng.int(86_400, 3 * 86_400) * 1000 // a phone that stayed offline for days
}

function makePlan(households: HouseholdRow[], residentIds: string[][], visits: number, now: number): Plan {
  const prng = createPrng(500_000)
  const weekStart = chinaWeekStart(now)
  // 6% of households never visited, 4% never found at home, the rest visited uniformly at random.
  const profile = households.map(() => (prng.chance(0.06) ? 'never' : prng.chance(0.04 / 0.94) ? 'not_home' : 'normal'))
  const eligible = households.flatMap((_, i) => (profile[i] === 'never' ? [] : [i]))
  const originals = Math.round(visits / 1.01)
  const corrections = visits - originals

  // Originals first (any order), then corrections of distinct originals; sorted into receive order below.
  const hh = new Int32Array(visits)
  const recv = new Float64Array(visits)
  const visited = new Float64Array(visits)
  const created = new Float64Array(visits)
  const outc = new Uint8Array(visits)
  const repl = new Int32Array(visits).fill(-1)
  for (let k = 0; k < originals; k++) {
    const h = eligible[prng.int(0, eligible.length - 1)]
    const week = prng.int(0, 7)
    const from = week === 0 ? weekStart : weekStart - week * WEEK
    const to = week === 0 ? now : from + WEEK
    hh[k] = h
    recv[k] = Math.floor(from + prng.next() * (to - from))
    visited[k] = recv[k] - delayBeforeReceipt(prng)
    created[k] = Math.min(recv[k], visited[k] + prng.int(5, 180) * 1000)
    outc[k] = pickOutcome(prng, profile[h] === 'not_home')
  }
  const corrected = new Set<number>()
  while (corrected.size < corrections) corrected.add(prng.int(0, originals - 1))
  let k = originals
  for (const o of corrected) {
    hh[k] = hh[o]
    recv[k] = Math.min(now, recv[o] + prng.int(600, 2 * 86_400) * 1000)
    visited[k] = visited[o]
    created[k] = recv[k] - prng.int(1, 600) * 1000
    outc[k] = pickOutcome(prng, profile[hh[o]] === 'not_home')
    repl[k] = o
    k++
  }

  // Receive order (ties by generation order) is seq order, as ingest would number them.
  const order = Array.from({ length: visits }, (_, i) => i).sort((a, b) => recv[a] - recv[b] || a - b)
  const rank = new Int32Array(visits)
  order.forEach((src, dst) => (rank[src] = dst))
  const plan: Plan = {
    households,
    residentIds,
    count: visits,
    household: new Int32Array(visits),
    receivedAt: new Float64Array(visits),
    visitedAt: new Float64Array(visits),
    createdAt: new Float64Array(visits),
    outcome: new Uint8Array(visits),
    replaces: new Int32Array(visits).fill(-1),
    supersededBy: new Int32Array(visits).fill(-1),
    ids: new Array(visits),
    expected: [],
  }
  for (let dst = 0; dst < visits; dst++) {
    const src = order[dst]
    plan.household[dst] = hh[src]
    plan.receivedAt[dst] = recv[src]
    plan.visitedAt[dst] = visited[src]
    plan.createdAt[dst] = created[src]
    plan.outcome[dst] = outc[src]
    plan.ids[dst] = newRecordId(created[src])
    if (repl[src] >= 0) {
      const orig = rank[repl[src]]
      plan.replaces[dst] = orig
      plan.supersededBy[orig] = dst
    }
  }

  // The model: each household's effective (not superseded) visits in seq order.
  const facts: VisitFact[][] = households.map(() => [])
  for (let i = 0; i < visits; i++) {
    if (plan.supersededBy[i] >= 0) continue
    facts[plan.household[i]].push({ outcome: VISIT_OUTCOMES[plan.outcome[i]], at: Math.min(plan.visitedAt[i], plan.receivedAt[i]) })
  }
  plan.expected = facts.map(summariseVisits)
  return plan
}

const COLUMNS = [
  'seq', 'id', 'kind', 'household_id', 'grid_id', 'village_id', 'town_id', 'county_id', 'author_id', 'device_id', 'replaces_id',
  'superseded_by', 'campaign_id', 'device_time', 'occurred_at', 'received_at', 'outcome', 'body', 'body_hash', 'orphaned',
] as const
type RecordRow = Record<(typeof COLUMNS)[number], string | number | null>

/** The records row ingest would store for visit i (see toRow in server/src/services/ingest.ts). */
function rowFor(plan: Plan, prng: Prng, i: number): RecordRow {
  const h = plan.households[plan.household[i]]
  const outcome = VISIT_OUTCOMES[plan.outcome[i]] as VisitOutcome
  const record = {
    id: plan.ids[i],
    kind: 'visit' as const,
    householdId: h.id,
    replaces: plan.replaces[i] >= 0 ? plan.ids[plan.replaces[i]] : null,
    deviceId: `wx-${h.grid_id}`,
    createdAt: new Date(plan.createdAt[i]).toISOString(),
    body: visitBody(prng, outcome, plan.visitedAt[i], plan.residentIds[plan.household[i]]),
  }
  const body = canonicalJson(record)
  const received = plan.receivedAt[i]
  return {
    seq: i + 1,
    id: record.id,
    kind: 'visit',
    household_id: h.id,
    grid_id: h.grid_id,
    village_id: h.village_id,
    town_id: h.town_id,
    county_id: h.county_id,
    author_id: `u-${h.grid_id}`,
    device_id: record.deviceId,
    replaces_id: record.replaces,
    superseded_by: plan.supersededBy[i] >= 0 ? plan.ids[plan.supersededBy[i]] : null,
    campaign_id: formatChinaTime(received).slice(0, 10) >= CAMPAIGN.startsOn ? CAMPAIGN.id : null,
    device_time: plan.createdAt[i],
    occurred_at: Math.min(plan.visitedAt[i], received),
    received_at: received,
    outcome,
    body,
    body_hash: createHash('sha256').update(body).digest('hex'),
    orphaned: 0,
  }
}

async function bulkLoad(target: DbTarget, plan: Plan): Promise<void> {
  const prng = createPrng(777)
  if (target.kind === 'sqlite') {
    const sqlite = new SQLite(target.sqliteFile)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    const insert = sqlite.prepare(`INSERT INTO records (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`)
    const insertMany = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run(rowFor(plan, prng, i))
    })
    for (let i = 0; i < plan.count; i += 10_000) insertMany(i, Math.min(plan.count, i + 10_000))
    sqlite.close()
    return
  }
  const client = new pg.Client({ connectionString: target.databaseUrl })
  await client.connect()
  try {
    const perStatement = 1000
    for (let i = 0; i < plan.count; i += perStatement) {
      const to = Math.min(plan.count, i + perStatement)
      const values: unknown[] = []
      const tuples: string[] = []
      for (let j = i; j < to; j++) {
        const row = rowFor(plan, prng, j)
        tuples.push(`(${COLUMNS.map((_, c) => `$${values.length + c + 1}`).join(',')})`)
        for (const c of COLUMNS) values.push(row[c])
      }
      await client.query(`INSERT INTO records (${COLUMNS.join(', ')}) VALUES ${tuples.join(',')}`, values)
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('records', 'seq'), (SELECT max(seq) FROM records))`)
    await client.query('ANALYZE')
  } finally {
    await client.end()
  }
}

/** Ingest's own summary refresh over every household, then a full comparison with the model. */
async function refreshAndVerify(db: Db, plan: Plan): Promise<void> {
  const ids = plan.households.map((h) => h.id)
  for (let i = 0; i < ids.length; i += 1000) {
    await db.kysely.transaction().execute((trx) => refreshHouseholdSummaries(trx, ids.slice(i, i + 1000)))
  }
  const rows = await db.kysely.selectFrom('households').select(['id', 'visit_count', 'covered', 'last_visit_at', 'last_outcome']).orderBy('id').execute()
  if (rows.length !== ids.length) throw new Error(`expected ${ids.length} households, found ${rows.length}`)
  rows.forEach((r, i) => {
    const e = plan.expected[i]
    const got = { visitCount: Number(r.visit_count), covered: Number(r.covered) === 1, lastVisitAt: r.last_visit_at === null ? null : Number(r.last_visit_at), lastOutcome: r.last_outcome }
    if (r.id !== ids[i] || JSON.stringify(got) !== JSON.stringify(e)) {
      throw new Error(`household ${r.id}: summary ${JSON.stringify(got)} differs from the model ${JSON.stringify(e)}`)
    }
  })
}

interface ViewResult {
  name: string
  areaId: string
  rows: number
  households: number
  thisWeek: number
  latency: ReturnType<typeof latencySummary>
}

/** What the coverage response must say for an area, from the model. */
function expectedTally(plan: Plan, column: keyof HouseholdRow, areaId: string, weekStart: number) {
  let households = 0
  let visited = 0
  let thisWeek = 0
  plan.households.forEach((h, i) => {
    if (h[column] !== areaId) return
    households++
    if (plan.expected[i].covered) visited++
  })
  for (let i = 0; i < plan.count; i++) {
    if (plan.supersededBy[i] < 0 && plan.receivedAt[i] >= weekStart && plan.households[plan.household[i]][column] === areaId) thisWeek++
  }
  return { households, visited, thisWeek }
}

async function timeView(base: string, token: string, name: string, column: keyof HouseholdRow, plan: Plan): Promise<ViewResult> {
  const req = { method: 'GET' as const, path: '/api/v1/coverage', token }
  const warm = await runHttp(base, Array.from({ length: Math.floor(flags.warmup) }, () => req))
  const run = await runHttp(base, Array.from({ length: Math.max(1, Math.floor(flags.requests)) }, () => req))
  for (const s of [...warm.status, ...run.status]) if (s !== 200) throw new Error(`${name} view answered ${s}: ${run.text[0].slice(0, 300)}`)
  const body = JSON.parse(run.text[run.text.length - 1]) as CoverageResponse
  const want = expectedTally(plan, column, body.area.areaId, Date.parse(body.weekStart))
  const sumRows = body.rows.reduce((n, r) => n + r.households, 0)
  const got = { households: body.area.households, visited: body.area.visited, thisWeek: body.area.visitsThisWeek }
  if (JSON.stringify(got) !== JSON.stringify(want) || (body.rows.length > 0 && sumRows !== want.households) || want.thisWeek === 0) {
    throw new Error(`${name} view ${body.area.areaId}: got ${JSON.stringify(got)} (rows sum ${sumRows}), model says ${JSON.stringify(want)}`)
  }
  return { name, areaId: body.area.areaId, rows: body.rows.length, households: got.households, thisWeek: got.thisWeek, latency: latencySummary(run.latencyMs) }
}

interface BackendResult {
  label: string
  counts: { towns: number; villages: number; grids: number; households: number }
  loadSeconds: string
  refreshSeconds: string
  rebuildSeconds: string
  dbSize: string
  views: ViewResult[]
  seconds: string
}

async function runBackend(kind: DbTarget['kind']): Promise<BackendResult> {
  console.log(`\n${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}:`)
  const started = performance.now()
  const target = await freshTarget(kind, 'coverage')
  const db = await openMigrated(target)
  const seeded = await seedDemoCounty(db, seedOptionsFor(flags.households))
  const c = seeded.counts
  log(`seeded: ${c.towns} towns, ${c.villages} villages, ${c.grids} grids, ${int(c.households)} households, ${int(c.residents)} residents`)
  const { households, residentIds } = await loadCounty(db)
  const now = Date.now()
  const plan = makePlan(households, residentIds, Math.floor(flags.visits), now)
  let t = performance.now()
  await bulkLoad(target, plan)
  const loadSeconds = secs(t)
  log(`loaded ${int(plan.count)} visit records in ${loadSeconds}`)
  t = performance.now()
  await refreshAndVerify(db, plan)
  const refreshSeconds = secs(t)
  log(`refreshHouseholdSummaries over ${int(households.length)} households in ${refreshSeconds}; all summaries match the model`)
  t = performance.now()
  await rebuildGridTallies(db)
  const rebuildSeconds = secs(t)
  log(`rebuildGridTallies in ${rebuildSeconds}`)
  await db.close()

  const dbSize =
    kind === 'sqlite'
      ? `${(fs.statSync(target.sqliteFile).size / 1e6).toFixed(0)} MB`
      : await (async () => {
          const client = new pg.Client({ connectionString: target.databaseUrl })
          await client.connect()
          const { rows } = await client.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')
          await client.end()
          return String(rows[0].s)
        })()

  const server = await startServer(target)
  const views: ViewResult[] = []
  views.push(await timeView(server.url, await login(server.url, 'demo-t1'), 'town', 'town_id', plan))
  views.push(await timeView(server.url, await login(server.url, 'demo-t1-v01'), 'village', 'village_id', plan))
  views.push(await timeView(server.url, await login(server.url, 'demo-county'), 'county', 'county_id', plan))
  for (const v of views) log(`${v.name} view (${v.areaId}): p50 ${ms(v.latency.p50)}, p95 ${ms(v.latency.p95)}`)
  await server.close()
  return { label: target.label, counts: c, loadSeconds, refreshSeconds, rebuildSeconds, dbSize, views, seconds: secs(started) }
}

async function main(): Promise<void> {
  console.log(`Coverage query benchmark: ≈${int(flags.households)} households, ${int(flags.visits)} visits (${machineLine()})`)
  const results = [await runBackend('sqlite')]
  if (flags.postgres) results.push(await runBackend('postgres'))

  for (const r of results) {
    const lines: [string, string][] = [
      ['Machine', machineLine()],
      ['Host load', loadLine()],
      ['Database', r.label.replace(/\/[^/]+\/bench\.db\)$/, '…)') + `, ${r.dbSize}`],
      ['County', `${r.counts.towns} towns, ${r.counts.villages} villages, ${r.counts.grids} grids, ${int(r.counts.households)} households`],
      ['Visits', `${int(flags.visits)} records over 8 weeks (1% corrections); load ${r.loadSeconds}, summaries ${r.refreshSeconds}, grid aggregates ${r.rebuildSeconds}`],
      ['Timing', `${Math.floor(flags.warmup)} warm-up + ${Math.floor(flags.requests)} timed sequential requests per view`],
      ['Run time', `${r.seconds} for this database (seed, load, summaries, 3 × ${Math.floor(flags.warmup) + Math.floor(flags.requests)} requests)`],
      ['', ''],
    ]
    for (const v of r.views) {
      const label = `${v.name === 'town' ? 'TOWN VIEW' : `${v.name} view`} (${v.areaId})`
      lines.push([label, `p50 ${ms(v.latency.p50)}   p95 ${ms(v.latency.p95)}   max ${ms(v.latency.max)}`])
      lines.push(['', `${v.rows} child rows, ${int(v.households)} households, ${int(v.thisWeek)} visits this week; verified`])
    }
    printBlock(`RESULT  coverage query (${r.label.startsWith('SQLite') ? 'SQLite' : 'PostgreSQL'})`, lines)
  }
}

runMain(main)
