// County-scale benchmark (issue 4): a county of 500,000 households, 1,200,000 residents and 3,000,000 records,
// on SQLite and PostgreSQL — p50/p95/max of the town and county dashboards over HTTP, the weekly ranking, and
// time and peak server memory of a town roster export (.xlsx and the .zip of 20,000 screenshots).
//
//   npx tsx bench/county-scale.ts [--quick] [--households N] [--residents N] [--records N] [--screenshots N] [--postgres] [--skip-sqlite] [--keep]
//
// Why the figures are fair:
// - The area tree, users and login codes are seedDemoCounty's own (with no households); households, residents and
//   records are bulk-loaded with exactly the rows ingest would have stored (see county-scale-data.ts), in receive
//   order, so the table layout is what months of syncing leave. Secondary indexes are dropped during the load and
//   rebuilt from their own DDL afterwards (same indexes, built faster). 300 random households are then refreshed by
//   ingest's own refreshHouseholdSummaries in a rolled-back transaction: any difference fails the run.
// - If server/src/services/grid-tallies.ts exists, its rebuildGridTallies(db) runs after the load (the server
//   keeps those tallies at ingest, which the bulk load bypasses); its time is reported.
// - The server is the real one as a child process (`node --import tsx server/src/main.ts`), timed over HTTP from a
//   worker thread; the dashboard answers are checked against the generated model. PostgreSQL gets VACUUM ANALYZE
//   after the load, as autovacuum would; SQLite gets no ANALYZE (the server never runs one).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { sql } from 'kysely'
import { seedDemoCounty } from '../server/src/seed/demo-county'
import { refreshHouseholdSummaries } from '../server/src/services/ingest'
import { computeRanking } from '../server/src/services/rankings'
import { WEEKLY_RANKING_JOB, runWeeklyRanking } from '../server/src/jobs/weekly-ranking'
import { chinaWeekStart } from '../src/core/china-time'
import { chinaDate } from '../src/core/targets'
import type { Db } from '../server/src/db/database'
import type { CoverageResponse } from '../src/core/schemas/coverage'
import { makeCounty, makePlan, emitAll, type Catalog, type County, type Grid, type Model, type Plan, type Sizes } from './county-scale-data'
import { dropIndexes, openLoader, restoreIndexes, withPg } from './county-scale-load'
import { checkZip, countXlsxRows, download, procStatusMb, startChildServer, type Download } from './child-server'
import {
  freshTarget, int, keepTempFiles, latencySummary, loadLine, log, login, machineLine, ms, onCleanup, openMigrated, openTarget, parseFlags,
  printBlock, runHttp, runMain, secs, type DbTarget,
} from './lib'

const USAGE = `usage: npx tsx bench/county-scale.ts [flags]
  --households N   households (default 500000)      --residents N  residents (default 1200000)
  --records N      field records (default 3000000: 74% visits, 11% pledges, 10% installs, 5% hand-outs, ~1% corrections)
  --towns N        towns (default 10)   --villages N  villages per town (default 25)   --grids N  grids per village (default 8)
  --weeks N        weeks of records (default 12, the current one included)
  --screenshots N  screenshots in town t1's roster of last week, written as real files (default 20000)
  --requests N     timed requests per dashboard (default 50) after --warmup N untimed ones (default 10)
  --quick          small sizes for a check in under a minute (10,000 households; flags given explicitly still win)
  --postgres       also run on a fresh PostgreSQL database (BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test)
  --skip-sqlite    skip the SQLite run (with --postgres)
  --keep           keep the SQLite file / PostgreSQL database and the media directory`

const DEFAULTS = {
  households: 500_000, residents: 1_200_000, records: 3_000_000, towns: 10, villages: 25, grids: 8, weeks: 12, screenshots: 20_000,
  requests: 50, warmup: 10, quick: false, postgres: false, 'skip-sqlite': false, keep: false,
}
const QUICK = { households: 10_000, residents: 24_000, records: 60_000, towns: 3, villages: 5, grids: 4, screenshots: 1_000, requests: 20, warmup: 5 }

const argv = process.argv.slice(2)
const flags = parseFlags(argv, DEFAULTS, USAGE)
if (flags.quick) for (const [k, v] of Object.entries(QUICK)) if (!argv.includes(`--${k}`)) (flags as Record<string, unknown>)[k] = v
if (flags.keep) keepTempFiles()
const EXPORT_TOWN = 't1'
const WEEK = 7 * 86_400_000

interface ViewTiming {
  name: string
  latency: ReturnType<typeof latencySummary>
  note: string
}

interface RunResult {
  label: string
  dbSize: string
  counts: string
  phases: [string, string][]
  views: ViewTiming[]
  rankings: [string, string][]
  xlsx: Download & { rows: number }
  zip: Download & { files: number }
  idleMb: number
  loadAvg: string
}

async function readCatalog(db: Db): Promise<{ grids: Grid[]; catalog: Catalog }> {
  const k = db.kysely
  const grids = await k
    .selectFrom('areas as g')
    .innerJoin('areas as v', 'v.id', 'g.parent_id')
    .select(['g.id', 'g.parent_id', 'g.town_id', 'g.county_id', 'v.name as villageName'])
    .where('g.level', '=', 'grid')
    .orderBy('g.id')
    .execute()
  const campaign = await k.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()
  const template = await k.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const materials = await k.selectFrom('materials').select(['id', 'needs_receipt']).orderBy('sort').execute()
  return {
    grids: grids.map((g) => ({ id: g.id, village_id: g.parent_id!, town_id: g.town_id!, county_id: g.county_id, villageName: g.villageName })),
    catalog: {
      campaignId: campaign.id,
      template: { id: template.id, contentHash: template.content_hash },
      materials: materials.map((m) => ({ id: m.id, needsReceipt: Number(m.needs_receipt) === 1 })),
    },
  }
}

/** The campaign runs from the first week of records (the seed's starts in November). */
async function startCampaignAt(db: Db, campaignId: string, day: string): Promise<void> {
  await db.kysely.updateTable('campaigns').set({ starts_on: day }).where('id', '=', campaignId).where('starts_on', '>', day).execute()
  await db.kysely.updateTable('campaign_phases').set({ starts_on: day }).where('campaign_id', '=', campaignId).where('sort', '=', 1).where('starts_on', '>', day).execute()
}

/** ingest's own refresh over a sample, in a transaction rolled back afterwards; every summary must stay as loaded. */
async function verifySample(db: Db, c: County, size: number): Promise<void> {
  const step = Math.max(1, Math.floor(c.hhId.length / size))
  const ids = c.hhId.filter((_, i) => i % step === 7 % step).slice(0, size)
  const snapshot = async (trx: Db['kysely']) =>
    JSON.stringify([
      await trx.selectFrom('households').select(['id', 'visit_count', 'covered', 'last_visit_at', 'last_outcome', 'pledge_count']).where('id', 'in', ids).orderBy('id').execute(),
      await trx.selectFrom('residents').select(['id', 'installed_on', 'real_name_on', 'warning_on_on']).where('household_id', 'in', ids).orderBy('id').execute(),
    ])
  const ROLLBACK = new Error('rollback')
  let diff = ''
  await db.kysely
    .transaction()
    .execute(async (trx) => {
      const before = await snapshot(trx)
      await refreshHouseholdSummaries(trx, ids)
      const after = await snapshot(trx)
      if (before !== after) diff = firstDifference(before, after)
      throw ROLLBACK
    })
    .catch((err) => {
      if (err !== ROLLBACK) throw err
    })
  if (diff) throw new Error(`refreshHouseholdSummaries changed loaded summaries: ${diff}`)
}

function firstDifference(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `loaded …${a.slice(Math.max(0, i - 150), i + 100)}… / recomputed …${b.slice(Math.max(0, i - 150), i + 100)}…`
}

async function rebuildTalliesIfPresent(db: Db): Promise<string | null> {
  const file = path.resolve(__dirname, '../server/src/services/grid-tallies.ts')
  if (!fs.existsSync(file)) return null
  const mod = (await import(file)) as { rebuildGridTallies?: (db: Db) => Promise<void> }
  if (!mod.rebuildGridTallies) throw new Error('grid-tallies.ts exports no rebuildGridTallies')
  const t = performance.now()
  await mod.rebuildGridTallies(db)
  const took = secs(t)
  // Autovacuum would analyse the freshly filled tally tables within a minute; without statistics PostgreSQL
  // guesses ~500 rows for grid_resident_tallies' 124,000 and sorts the county's rows on disk.
  if (db.dialect === 'postgres') await sql`ANALYZE`.execute(db.kysely)
  return took
}

/** What GET /api/v1/coverage must answer for the area (households, covered, visits this week, pledges, installs). */
function expectedArea(c: County, m: Model, column: 'town_id' | 'county_id', areaId: string) {
  const e = { households: 0, visited: 0, visitsThisWeek: 0, pledgedHouseholds: 0, targetResidents: 0, installed: 0, realName: 0, warningOn: 0 }
  for (let h = 0; h < c.hhId.length; h++) {
    if (c.grids[c.hhGrid[h]][column] !== areaId) continue
    e.households++
    e.visited += m.covered[h]
    e.visitsThisWeek += m.visitsThisWeek[h]
    e.pledgedHouseholds += m.pledged[h]
    for (let r = c.resStart[h]; r < c.resStart[h + 1]; r++) {
      const age = c.year - c.resBirth[r]
      if (age < 16 || age > 60) continue
      e.targetResidents++
      e.installed += m.installed[r] ? 1 : 0
      e.realName += m.realName[r] ? 1 : 0
      e.warningOn += m.warningOn[r] ? 1 : 0
    }
  }
  return e
}

async function timeGet(base: string, token: string, name: string, pathAndQuery: string): Promise<{ timing: ViewTiming; last: string }> {
  const req = { method: 'GET' as const, path: pathAndQuery, token }
  const warm = await runHttp(base, Array.from({ length: flags.warmup }, () => req))
  const run = await runHttp(base, Array.from({ length: Math.max(1, flags.requests) }, () => req))
  for (const [i, s] of [...warm.status, ...run.status].entries()) if (s !== 200) throw new Error(`${name}: HTTP ${s} (request ${i}) ${run.text[0]?.slice(0, 300)}`)
  return { timing: { name, latency: latencySummary(run.latencyMs), note: '' }, last: run.text[run.text.length - 1] }
}

async function timeDashboard(base: string, code: string, name: string, expected: ReturnType<typeof expectedArea>): Promise<ViewTiming[]> {
  const token = await login(base, code)
  const cov = await timeGet(base, token, `${name} dashboard: GET /api/v1/coverage`, '/api/v1/coverage')
  const body = JSON.parse(cov.last) as CoverageResponse
  const got = Object.fromEntries(Object.keys(expected).map((k) => [k, body.area[k as keyof typeof expected]]))
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${name} coverage ${JSON.stringify(got)} differs from the model ${JSON.stringify(expected)}`)
  cov.timing.note = `${body.rows.length} rows, ${int(expected.households)} households, ${int(expected.visitsThisWeek)} visits this week; verified`
  const status = await timeGet(base, token, `${name} dashboard: GET /api/v1/targets/status`, '/api/v1/targets/status')
  status.timing.note = 'the target panel of the same page (recomputes the coverage)'
  return [cov.timing, status.timing]
}

async function timeRankings(db: Db, now: number): Promise<[string, string][]> {
  const end = chinaWeekStart(now)
  const out: [string, string][] = []
  for (const id of [EXPORT_TOWN, 'c1']) {
    const area = await db.kysely.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const t = performance.now()
    const rows = await computeRanking(db, area, end - WEEK, end)
    out.push([`computeRanking ${area.level} ${id}`, `${secs(t)} (${rows.length} ${area.level === 'town' ? 'villages' : 'towns'} ranked)`])
  }
  const t = performance.now()
  const job = await runWeeklyRanking(db, now, 'county-scale-bench')
  if (!job.ran) throw new Error('the weekly ranking job did not run')
  out.push(['weekly job (runWeeklyRanking)', `${secs(t)} for ${job.rankings} rankings (every town + the county), week of ${job.week}`])
  // The server's scheduler back-fills every unranked week since the campaign start when it starts; at ~1 minute
  // per week here that would run during the measurements, so the earlier weeks are marked as done (no rankings).
  const earlier: { job: string; period_key: string; started_at: number; finished_at: number; owner: string }[] = []
  for (let start = end - 2 * WEEK, i = 0; i < 30; i++, start -= WEEK) {
    earlier.push({ job: WEEKLY_RANKING_JOB, period_key: chinaDate(start), started_at: now, finished_at: now, owner: 'county-scale-bench (skipped)' })
  }
  await db.kysely.insertInto('job_runs').values(earlier).onConflict((oc) => oc.columns(['job', 'period_key']).doNothing()).execute()
  return out
}

async function dbSize(target: DbTarget): Promise<string> {
  if (target.kind === 'sqlite') return `${(fs.statSync(target.sqliteFile).size / 1e9).toFixed(2)} GB`
  return withPg(target, async (c: pg.Client) => String((await c.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')).rows[0].s))
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fanzha-bench-${prefix}-`))
  onCleanup(() => (flags.keep ? console.log(`  · kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true })))
  return dir
}

async function loadCounty(target: DbTarget, sizes: Sizes, now: number, phases: [string, string][]) {
  let t = performance.now()
  const db = await openMigrated(target)
  await seedDemoCounty(db, { towns: flags.towns, villagesPerTown: [flags.villages, flags.villages], gridsPerVillage: [flags.grids, flags.grids], householdsPerGrid: [0, 0], now })
  const { grids, catalog } = await readCatalog(db)
  const county = makeCounty(grids, sizes, now)
  const plan: Plan = makePlan(county, sizes, now, EXPORT_TOWN)
  await startCampaignAt(db, catalog.campaignId, plan.campaignStart)
  await db.close()
  phases.push(['Generate', `${secs(t)} (area tree and users by seedDemoCounty; ${int(plan.n)} records planned)`])
  log(`planned ${int(county.hhId.length)} households, ${int(county.resName.length)} residents, ${int(plan.n)} records in ${secs(t)}`)

  t = performance.now()
  const ddl = await dropIndexes(target)
  const loader = await openLoader(target)
  const media = tempDir('county-media')
  const model = await emitAll(county, plan, catalog, loader, media, now, (m) => log(`loaded ${m} (${secs(t)})`))
  await loader.close()
  const loadS = secs(t)
  const t2 = performance.now()
  await restoreIndexes(target, ddl)
  const indexS = secs(t2)
  const db2 = openTarget(target)
  await db2.kysely.updateTable('counters').set({ value: model.revs }).where('name', '=', 'rev').execute()
  const rows = Object.entries(loader.counts).map(([k, v]) => `${k} ${int(v)}`).join(', ')
  phases.push(['Bulk load', `${loadS} rows + ${indexS} for ${ddl.length} indexes${target.kind === 'postgres' ? ' and VACUUM ANALYZE' : ''} = ${secs(t)}`])
  phases.push(['Rows', rows])
  log(`loaded in ${loadS}, indexes in ${indexS}: ${rows}`)
  return { db: db2, county, plan, model, media }
}

async function runBackend(kind: DbTarget['kind']): Promise<RunResult> {
  console.log(`\n${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}:`)
  const sizes: Sizes = { households: flags.households, residents: flags.residents, records: flags.records, weeks: flags.weeks, screenshots: flags.screenshots }
  const target = await freshTarget(kind, 'county')
  const now = Date.now()
  const phases: [string, string][] = []
  const { db, county, plan, model, media } = await loadCounty(target, sizes, now, phases)

  const t = performance.now()
  await verifySample(db, county, 300)
  phases.push(['Check', `refreshHouseholdSummaries over 300 households left every loaded summary unchanged (${secs(t)})`])
  const tallies = await rebuildTalliesIfPresent(db)
  phases.push(['Grid tallies', tallies ? `rebuildGridTallies ${tallies}` : 'server/src/services/grid-tallies.ts not present: current code'])
  if (tallies) log(`rebuildGridTallies in ${tallies}`)
  const rankings = await timeRankings(db, now)
  for (const [k, v] of rankings) log(`${k}: ${v}`)
  await db.close()
  const size = await dbSize(target)

  const server = await startChildServer(target, media)
  const idleMb = procStatusMb(server.pid, 'VmRSS')
  const views = [
    ...(await timeDashboard(server.url, `demo-${EXPORT_TOWN}`, 'town t1', expectedArea(county, model, 'town_id', EXPORT_TOWN))),
    ...(await timeDashboard(server.url, 'demo-county', 'county', expectedArea(county, model, 'county_id', 'c1'))),
  ]
  for (const v of views) log(`${v.name}: p50 ${ms(v.latency.p50)}, p95 ${ms(v.latency.p95)}, max ${ms(v.latency.max)}`)

  const out = tempDir('county-out')
  const token = await login(server.url, `demo-${EXPORT_TOWN}`)
  const query = `areaId=${EXPORT_TOWN}&week=${plan.exportWeek.from}&scope=week`
  const xlsx = await download(`${server.url}/api/v1/exports/roster.xlsx?${query}`, token, server.pid, path.join(out, 'roster.xlsx'))
  const zip = await download(`${server.url}/api/v1/exports/roster-screenshots.zip?${query}`, token, server.pid, path.join(out, 'roster.zip'))
  const loadAvg = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  await server.stop()
  const rows = await countXlsxRows(path.join(out, 'roster.xlsx'))
  const files = await checkZip(path.join(out, 'roster.zip'), model.files)
  if (rows !== model.rosterRows) throw new Error(`xlsx has ${rows} rows, expected ${model.rosterRows}`)
  if (files !== model.files.size) throw new Error(`zip has ${files} files, expected ${model.files.size}`)
  log(`roster: ${rows} rows in ${(xlsx.totalMs / 1000).toFixed(1)} s, ${files} screenshots in ${(zip.totalMs / 1000).toFixed(1)} s; peak RSS ${zip.peakRssMb.toFixed(0)} MB`)
  fs.rmSync(out, { recursive: true, force: true })

  return {
    label: target.label,
    dbSize: size,
    counts: `${flags.towns} towns × ${flags.villages} villages × ${flags.grids} grids (${int(county.grids.length)}); ${int(county.hhId.length)} households, ${int(county.resName.length)} residents, ${int(plan.n)} records over ${flags.weeks} weeks`,
    phases,
    views,
    rankings,
    xlsx: { ...xlsx, rows },
    zip: { ...zip, files },
    idleMb,
    loadAvg,
  }
}

function report(r: RunResult): void {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`
  const dl = (d: Download) =>
    `${mb(d.bytes)} in ${(d.totalMs / 1000).toFixed(2)} s (first byte ${d.firstByteMs.toFixed(0)} ms); server RSS ${d.rssBeforeMb.toFixed(0)} → peak ${d.peakRssMb.toFixed(0)} MB`
  const lines: [string, string][] = [
    ['Machine', machineLine()],
    ['Host load', `${loadLine()}; ${r.loadAvg} after the exports`],
    ['Database', `${r.label.replace(/\/[^/]+\/bench\.db\)$/, '…)')}, ${r.dbSize}`],
    ['County', r.counts],
    ...r.phases,
    ['', ''],
    ...r.views.flatMap((v): [string, string][] => [
      [v.name, `p50 ${ms(v.latency.p50)}   p95 ${ms(v.latency.p95)}   max ${ms(v.latency.max)}   (${flags.requests} timed after ${flags.warmup})`],
      ['', v.note],
    ]),
    ['', ''],
    ...r.rankings,
    ['', ''],
    ['Server RSS idle', `${r.idleMb.toFixed(0)} MB after start`],
    ['Roster .xlsx (t1, last week)', `${int(r.xlsx.rows)} rows, ${dl(r.xlsx)}`],
    ['Roster .zip', `${int(r.zip.files)} screenshots, ${dl(r.zip)}`],
  ]
  printBlock(`RESULT  county scale (${r.label.startsWith('SQLite') ? 'SQLite' : 'PostgreSQL'})`, lines)
}

async function main(): Promise<void> {
  console.log(`County-scale benchmark: ${int(flags.households)} households, ${int(flags.residents)} residents, ${int(flags.records)} records (${machineLine()})`)
  if (flags['skip-sqlite'] && !flags.postgres) throw new Error('--skip-sqlite needs --postgres')
  const results: RunResult[] = []
  if (!flags['skip-sqlite']) results.push(await runBackend('sqlite'))
  if (flags.postgres) results.push(await runBackend('postgres'))
  for (const r of results) report(r)
}

runMain(main)
