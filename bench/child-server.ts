// The server as a child process, compiled and run by plain node as `npm start` runs it in production (tsx alone
// adds 25–37 MB), so its memory is its own, for the export benchmarks (roster-export.ts, county-scale.ts,
// register-import.ts): start on SQLite or PostgreSQL, stream a download to disk while sampling the
// server's RSS, and read the files back.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { pipeline } from 'node:stream/promises'
import ExcelJS from 'exceljs'
import yauzl from 'yauzl'
import { onCleanup, type DbTarget } from './lib'
import { freePort } from '../test/helpers/free-port'

export interface ChildServer {
  url: string
  pid: number
  stop(): Promise<void>
}

const ROOT = path.resolve(__dirname, '..')
let compiled = false

/** Compiles the server from the current sources once per benchmark run (esbuild, a few seconds). */
function compileServer(): void {
  if (compiled) return
  execFileSync(process.execPath, ['server/build.mjs'], { cwd: ROOT, stdio: 'inherit' })
  compiled = true
}

export async function startChildServer(target: DbTarget, mediaDir: string): Promise<ChildServer> {
  compileServer()
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--enable-source-maps', 'server/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(target.kind === 'postgres' ? { DATABASE_URL: target.databaseUrl } : { SQLITE_FILE: target.sqliteFile }),
      MEDIA_DIR: mediaDir,
      H5_DIR: '/nonexistent',
      SEED_DEMO: 'never',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      RANKING_CHECK_MS: String(3600_000),
    },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // SIGTERM lets the server close; one stuck in a long query (a ranking back-fill on SQLite) gets SIGKILL after 10 s.
  const stop = async () => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  onCleanup(stop)
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error('server exited during start-up')
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false)
    if (ok) return { url, pid: child.pid!, stop }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server did not start within 180 s')
}

export function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

export interface Download {
  bytes: number
  firstByteMs: number
  totalMs: number
  rssBeforeMb: number
  peakRssMb: number
}

/** Streams one download to a file while polling the server's RSS; the peak is VmHWM after a reset (or the polled max). */
export async function download(url: string, token: string, pid: number, file: string): Promise<Download> {
  let hwmReset = true
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    hwmReset = false
  }
  const rssBefore = procStatusMb(pid, 'VmRSS')
  let polledMax = rssBefore
  const poll = setInterval(() => (polledMax = Math.max(polledMax, procStatusMb(pid, 'VmRSS'))), 20)
  const t0 = performance.now()
  try {
    // node:http, not fetch: undici's web-stream body cost the client a core on big zips (bench/README.md).
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(url, { headers: { authorization: `Bearer ${token}` } }, resolve).on('error', reject),
    )
    const firstByteMs = performance.now() - t0
    if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`)
    await pipeline(res, fs.createWriteStream(file))
    const totalMs = performance.now() - t0
    const peak = hwmReset ? Math.max(procStatusMb(pid, 'VmHWM'), polledMax) : polledMax
    return { bytes: fs.statSync(file).size, firstByteMs, totalMs, rssBeforeMb: rssBefore, peakRssMb: peak }
  } finally {
    clearInterval(poll)
  }
}

export async function countXlsxRows(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' })
  let rows = 0
  for await (const sheet of reader) for await (const _row of sheet) rows++
  return rows - 2 // title and header
}

/** Opens the zip with yauzl and checks every entry's bytes against the blob it came from (by sha-256). */
export function checkZip(file: string, blobs: Map<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err)
      let n = 0
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e)
          const hash = createHash('sha256')
          stream.on('data', (c: Buffer) => hash.update(c))
          stream.on('end', () => {
            if (!blobs.has(hash.digest('hex'))) return reject(new Error(`${entry.fileName}: bytes match no screenshot written`))
            n++
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(n))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}
