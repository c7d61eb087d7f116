// Backup and restore (docs/deploy.md) as an operator runs them: the CLI (server/src/jobs/backup.ts) backs up a
// seeded database with field records and uploaded media while the server runs, restores into an empty database and
// an empty media folder, and every table's row count, every file and the server's own figures match.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { visitRecord } from '../helpers/records'
import { openDatabase } from '../../server/src/db/database'
import { countRows } from '../../server/src/jobs/backup'

jest.setTimeout(180_000)

let server: TestServer
let mediaDir: string
let work: string
const files = [makeJpeg(320, 480, { seed: 61 }), makePng(200, 300, { seed: 62 }), makeJpeg(100, 100, { seed: 63 })]
let target: { env: { DATABASE_URL?: string; SQLITE_FILE?: string }; drop: () => Promise<unknown> }

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-backup-'))
  mediaDir = path.join(work, 'media-live')
  server = await startTestServer({ config: { MEDIA_DIR: mediaDir } })
  const worker = await loginAs(server.url, 'demo-t1-v01-g1')
  for (const f of files) {
    const res = await fetch(`${server.url}/api/v1/media/${sha256(f)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(f.length) },
      body: f,
    })
    expect(res.status).toBe(200)
  }
  const households = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', 't1-v01-g1').limit(4).execute()
  const records = households.map((h, i) => visitRecord(h.id, 'met', i === 0 ? { body: { ...visitRecord(h.id).body, photoShas: [sha256(files[0])] } } as never : {}))
  const pushed = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })
  expect(pushed.status).toBe(200)
  target = await emptyTarget()
})
afterAll(async () => {
  await server?.close()
  await target?.drop()
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

/** A database with nothing in it (not even migrations), as a new server machine has. */
async function emptyTarget() {
  if (TEST_DIALECT === 'sqlite') {
    const file = path.join(work, 'restored', 'fanzha.db')
    return { env: { SQLITE_FILE: file }, drop: async () => undefined }
  }
  const admin = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const name = `fanzha_restore_${randomBytes(6).toString('hex')}`
  const c = new pg.Client({ connectionString: admin })
  await c.connect()
  await c.query(`CREATE DATABASE ${name}`)
  await c.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const d = new pg.Client({ connectionString: admin })
      await d.connect()
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await d.end()
    },
  }
}

function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/jobs/backup.ts', ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: undefined, SQLITE_FILE: undefined, MEDIA_STORE: 'disk', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

it('backs up while the server runs, restores into an empty database and media folder, and every count matches', async () => {
  const dir = path.join(work, 'backup')
  const made = await cli(['backup', dir], { ...server.dbHandle.env, MEDIA_DIR: mediaDir })
  expect(made).toMatchObject({ code: 0 })
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
  const live = await countRows(server.db.kysely)
  expect(manifest.tables).toEqual(live)
  expect(manifest.mediaFiles).toBe(files.length)
  expect(live.residents).toBeGreaterThan(0)
  expect(live.records).toBeGreaterThan(0)

  const restoredMedia = path.join(work, 'media-restored')
  const restored = await cli(['restore', dir], { ...target.env, MEDIA_DIR: restoredMedia })
  expect(restored).toMatchObject({ code: 0 })
  expect(restored.out).toContain('已恢复并核对')

  const db = openDatabase({ databaseUrl: target.env.DATABASE_URL, sqliteFile: target.env.SQLITE_FILE ?? '' })
  try {
    expect(await countRows(db.kysely)).toEqual(live)
    // Residents' phones come back as they were (encrypted at rest, readable with the same keys).
    const phones = async (k: typeof db.kysely) => (await k.selectFrom('residents').select(['id', 'phone']).orderBy('id').execute())
    expect(await phones(db.kysely)).toEqual(await phones(server.db.kysely))
  } finally {
    await db.close()
  }
  for (const f of files) {
    const sha = sha256(f)
    expect(fs.readFileSync(path.join(restoredMedia, sha.slice(0, 2), sha.slice(2, 4), sha)).equals(f)).toBe(true)
  }

  // A second restore into the now full database is refused, and changes nothing.
  const again = await cli(['restore', dir], { ...target.env, MEDIA_DIR: restoredMedia })
  expect(again.code).toBe(1)
  expect(again.out).toMatch(/不是空的|已存在/)
})
