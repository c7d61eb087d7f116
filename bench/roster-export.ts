// Weekly roster export of a whole town: time and peak memory of the server for the .xlsx and the screenshots .zip.
//
//   npx tsx bench/roster-export.ts [--screenshots 20000] [--exports 3] [--keep]
//
// A one-town demo county is seeded, then install records for its 16–60s are bulk-inserted with better-sqlite3
// (two or more screenshots each, all dated in one week), with --screenshots distinct real JPEGs written straight
// into the blob store's layout and the media table. The server runs as a child process (compiled, plain node, as
// in production) so its peak RSS can be read from /proc/<pid>/status (VmHWM, reset before each download
// through /proc/<pid>/clear_refs) and polled (VmRSS) while the town official downloads the .zip --exports times in
// a row, then the .xlsx (issue 12: three consecutive exports in one process must stay within 256 MB). The
// downloads are written to disk and checked: every row in the .xlsx, every file in the .zip with the right bytes.
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { HOUR_MS, chinaDateStart } from '../src/core/china-time'
import { canonicalJson } from '../src/core/schemas/record'
import { seedDemoCounty } from '../server/src/seed/demo-county'
import { screenshotPrint } from '../server/src/truth/screenshot-print'
import { makeJpeg } from '../test/helpers/images'
import { checkZip, countXlsxRows, download, procStatusMb, startChildServer, type Download } from './child-server'
import { fail, freshTarget, keepTempFiles, login, openMigrated, parseFlags, runMain } from './lib'

const USAGE = 'usage: npx tsx bench/roster-export.ts [--screenshots 20000] [--exports 3] [--keep]'
const WEEK = { monday: '2026-11-23', days: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'] }
const MB = 1024 * 1024

interface Prepared {
  rows: number
  files: Map<string, string> // sha → blob path, to check the zip's bytes
  totalBytes: number
}

/** Install records, media rows and blob files for `count` screenshots over the town's 16–60s. */
async function prepare(sqliteFile: string, mediaDir: string, count: number): Promise<Prepared> {
  const sqlite = new SQLite(sqliteFile)
  sqlite.pragma('journal_mode = WAL')
  const year = 2026
  const residents = sqlite
    .prepare(
      `SELECT p.id, p.household_id, h.grid_id, h.village_id, h.town_id, h.county_id FROM residents p JOIN households h ON h.id = p.household_id
       WHERE p.deleted_at IS NULL AND h.deleted_at IS NULL AND p.birth_year BETWEEN ? AND ? ORDER BY p.id`,
    )
    .all(year - 60, year - 16) as { id: string; household_id: string; grid_id: string; village_id: string; town_id: string; county_id: string }[]
  const workers = new Map(
    (sqlite.prepare(`SELECT area_id, id FROM users WHERE role = 'worker'`).all() as { area_id: string; id: string }[]).map((u) => [u.area_id, u.id]),
  )
  const perResident = Math.max(2, Math.ceil(count / residents.length))
  if (perResident > 6) fail(`${count} screenshots need more than 6 per resident (${residents.length} residents aged 16–60)`)
  const rows = Math.ceil(count / perResident)

  const insertRecord = sqlite.prepare(
    `INSERT INTO records (id, kind, household_id, grid_id, village_id, town_id, county_id, author_id, device_id, replaces_id, superseded_by,
       campaign_id, device_time, occurred_at, received_at, outcome, body, body_hash, orphaned)
     VALUES (@id, 'install', @household_id, @grid_id, @village_id, @town_id, @county_id, @author_id, 'bench', NULL, NULL, NULL, @at, @at, @at, NULL, @body, @body_hash, 0)`,
  )
  const insertLink = sqlite.prepare(
    `INSERT INTO record_media (record_id, sha256, household_id, grid_id, village_id, town_id, county_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  // With its print, as the screenshot check would have left it, so the server's start-up sweep has nothing to do.
  const insertMedia = sqlite.prepare(`INSERT INTO media (sha256, bytes, mime, width, height, uploaded_by, uploaded_at, print) VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, ?)`)
  const setDates = sqlite.prepare(`UPDATE residents SET installed_on = ?, real_name_on = ?, warning_on_on = ? WHERE id = ?`)
  // Sixteen real pictures of ~22 KB; each file then gets its own bytes after EOI (allowed, as phones do), so every
  // sha is different while setting up 20,000 files stays quick.
  const bases = Array.from({ length: 16 }, (_, i) => makeJpeg(180, 320, { seed: i + 1, noise: 0.2 }))
  const prints = await Promise.all(bases.map((b) => screenshotPrint(b))) // bytes after EOI leave the picture as it is
  const files = new Map<string, string>()
  let totalBytes = 0
  let shot = 0
  const at = chinaDateStart(WEEK.monday) + 10 * HOUR_MS
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const r = residents[i]
      const author = workers.get(r.grid_id) ?? fail(`no worker for ${r.grid_id}`)
      const shas: string[] = []
      for (let k = 0; k < perResident && shot < count; k++, shot++) {
        const base = bases[shot % bases.length]
        const bytes = Buffer.concat([base, Buffer.from(`bench-${shot}`)])
        const sha = createHash('sha256').update(bytes).digest('hex')
        // LocalDiskStore's layout: <root>/ab/cd/<sha>. Written directly, without put()'s fsync per file.
        const file = path.join(mediaDir, sha.slice(0, 2), sha.slice(2, 4), sha)
        fs.mkdirSync(path.dirname(file), { recursive: true })
        fs.writeFileSync(file, bytes)
        insertMedia.run(sha, bytes.length, 180, 320, author, at, prints[shot % bases.length])
        files.set(sha, file)
        totalBytes += bytes.length
        shas.push(sha)
      }
      const day = WEEK.days[i % 7]
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}` // a record id is a UUID
      const body = canonicalJson({
        id,
        kind: 'install',
        householdId: r.household_id,
        replaces: null,
        deviceId: 'bench',
        createdAt: new Date(at).toISOString(),
        body: { residentId: r.id, steps: [{ step: 'installed', doneOn: day }, { step: 'real_name', doneOn: day }, { step: 'warning_on', doneOn: day }], screenshotShas: shas, notes: '' },
      })
      insertRecord.run({ ...r, id, author_id: author, at, body, body_hash: createHash('sha256').update(body).digest('hex') })
      for (const sha of shas) insertLink.run(id, sha, r.household_id, r.grid_id, r.village_id, r.town_id, r.county_id)
      setDates.run(day, day, day, r.id)
    }
  })
  for (let i = 0; i < rows; i += 1000) batch(i, Math.min(rows, i + 1000))
  sqlite.close()
  return { rows, files, totalBytes }
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), { screenshots: 20000, exports: 3, keep: false }, USAGE)
  if (flags.keep) keepTempFiles()
  if (flags.screenshots < 1) fail(`--screenshots must be at least 1\n${USAGE}`)
  if (flags.exports < 1) fail(`--exports must be at least 1\n${USAGE}`)
  const target = await freshTarget('sqlite', 'roster')
  const dir = path.dirname(target.sqliteFile)
  const mediaDir = path.join(dir, 'media')
  const out = path.join(dir, 'out')
  fs.mkdirSync(out, { recursive: true })

  const t = performance.now()
  const db = await openMigrated(target)
  // One town of 48 grids, households enough for ~10,000 residents aged 16–60, more when the screenshots need them
  // (at most 6 a resident; about two residents aged 16–60 a household).
  const perGrid = Math.max(100, Math.ceil(flags.screenshots / 6 / 2 / 48 * 1.25))
  const seeded = await seedDemoCounty(db, { seed: 11, towns: 1, villagesPerTown: [12, 12], gridsPerVillage: [4, 4], householdsPerGrid: [perGrid, perGrid + 10] })
  await db.close()
  const prepared = await prepare(target.sqliteFile, mediaDir, flags.screenshots)
  const setupS = (performance.now() - t) / 1000
  console.log(
    `seeded ${seeded.counts.households} households, ${seeded.counts.residents} residents; ${prepared.rows} roster rows, ` +
      `${prepared.files.size} screenshots (${(prepared.totalBytes / MB).toFixed(0)} MB) in ${setupS.toFixed(1)} s`,
  )

  const { url, pid } = await startChildServer(target, mediaDir)
  const token = await login(url, 'demo-t1')
  const query = `areaId=t1&week=${WEEK.monday}&scope=week`
  const idleMb = procStatusMb(pid, 'VmRSS')

  const zips: Download[] = []
  let zipFiles = 0
  for (let i = 0; i < flags.exports; i++) {
    zips.push(await download(`${url}/api/v1/exports/roster-screenshots.zip?${query}`, token, pid, path.join(out, 'roster.zip')))
    zipFiles = await checkZip(path.join(out, 'roster.zip'), prepared.files)
    if (zipFiles !== prepared.files.size) fail(`zip ${i + 1} has ${zipFiles} files, expected ${prepared.files.size}`)
  }
  // The .xlsx last: exceljs (loaded by its first use) and its writer's garbage then do not count against the zips.
  const xlsx = await download(`${url}/api/v1/exports/roster.xlsx?${query}`, token, pid, path.join(out, 'roster.xlsx'))
  const xlsxRows = await countXlsxRows(path.join(out, 'roster.xlsx'))
  if (xlsxRows !== prepared.rows) fail(`xlsx has ${xlsxRows} rows, expected ${prepared.rows}`)

  const line = (name: string, d: Download) =>
    `  ${name.padEnd(6)} ${(d.bytes / MB).toFixed(1).padStart(7)} MB  first byte ${d.firstByteMs.toFixed(0).padStart(5)} ms  ` +
    `total ${(d.totalMs / 1000).toFixed(2).padStart(6)} s  (${(d.bytes / MB / (d.totalMs / 1000)).toFixed(0)} MB/s)  ` +
    `server RSS ${d.rssBeforeMb.toFixed(0)} → peak ${d.peakRssMb.toFixed(0)} MB`
  console.log('RESULT roster-export')
  console.log(`  town t1: ${prepared.rows} rows, ${prepared.files.size} screenshots of ~${(prepared.totalBytes / prepared.files.size / 1024).toFixed(1)} KB`)
  console.log(`  server idle RSS after start and login: ${idleMb.toFixed(0)} MB; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`)
  zips.forEach((zip, i) => console.log(line(`zip ${i + 1}`, zip)))
  console.log(line('xlsx', xlsx))
  console.log(`  peak server RSS over the zips: ${Math.max(...zips.map((z) => z.peakRssMb)).toFixed(0)} MB; with the xlsx after them: ${xlsx.peakRssMb.toFixed(0)} MB`)
  console.log(`  checked: ${xlsxRows} rows in the xlsx, ${zipFiles} files in each zip, each equal to its blob`)
}

runMain(main)
