// Checks the compiled server in server/dist (npm run build:server) as production runs it: only packages that
// server/package.json lists, @core bundled in, and `node server/dist/main.js` serving the API on a fresh SQLite
// file, with the demo county's missed weekly rankings made on the compiled worker thread.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { builtinModules } from 'node:module'
import { spawn, type ChildProcess } from 'node:child_process'
import SQLite from 'better-sqlite3'
import { freePort } from '../helpers/free-port'

const ROOT = path.resolve(__dirname, '../..')
const DIST = path.join(ROOT, 'server/dist')
const ENTRIES = ['main.js', 'ranking-worker.js', 'retention-purge.js', 'backup.js']
const serverPkg: { dependencies: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/package.json'), 'utf8'))

/** The package a bare specifier names: `@noble/hashes/sha256` → `@noble/hashes`, `pg` → `pg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function requiredSpecifiers(file: string): string[] {
  const code = fs.readFileSync(path.join(DIST, file), 'utf8')
  return [...new Set([...code.matchAll(/\brequire(?:\.resolve)?\("([^"]+)"\)/g)].map((m) => m[1]))]
}

it('bundles @core and requires only builtins and server/package.json dependencies', () => {
  const builtins = new Set(builtinModules)
  for (const entry of ENTRIES) {
    const specifiers = requiredSpecifiers(entry)
    expect(specifiers.length).toBeGreaterThan(0)
    const strays = specifiers.filter((s) => {
      if (s.startsWith('node:') || builtins.has(s)) return false
      return !(packageOf(s) in serverPkg.dependencies)
    })
    expect({ entry, strays }).toEqual({ entry, strays: [] })
  }
})

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('node server/dist/main.js', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-dist-'))
  const sqliteFile = path.join(dir, 'fanzha.db')
  let child: ChildProcess
  let output = ''
  let url = ''

  beforeAll(async () => {
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    child = spawn(process.execPath, [path.join(DIST, 'main.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        SQLITE_FILE: sqliteFile,
        MEDIA_DIR: path.join(dir, 'media'),
        LOG_LEVEL: 'warn',
        RANKING_CHECK_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d) => (output += d))
    child.stderr!.on('data', (d) => (output += d))
    await waitFor('the server to answer /api/health', 90_000, async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`)
      const res = await fetch(`${url}/api/health`)
      return res.ok ? true : undefined
    }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${output}`)
    })
  }, 120_000)

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('answers /api/health and /api/openapi.json', async () => {
    const health = await fetch(`${url}/api/health`)
    expect(await health.json()).toEqual({ ok: true })
    const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> }
    expect(spec.openapi).toMatch(/^3\./)
    expect(Object.keys(spec.paths).length).toBeGreaterThan(10)
  })

  it('seeds the demo county and ranks its missed weeks on the compiled worker thread', async () => {
    const weeks = await waitFor('the weekly rankings', 90_000, async () => {
      const db = new SQLite(sqliteFile, { readonly: true, fileMustExist: true })
      try {
        const rows = db.prepare(`SELECT period_key FROM job_runs WHERE job = 'weekly_ranking'`).all()
        return rows.length > 0 ? rows : undefined
      } finally {
        db.close()
      }
    })
    expect(weeks.length).toBeGreaterThan(0)
    expect(output).not.toMatch(/排名通报生成失败|排名通报计算线程异常退出/)
  }, 120_000)
})
