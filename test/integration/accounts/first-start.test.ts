// The server process as started for real: a deployment on an empty database seeds nothing and prints a one-time
// setup link that works; the demo's banner lists only the demo logins that exist.
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { seedDemoCounty } from '../../../server/src/seed/demo-county'
import { api, SMALL_COUNTY } from '../../helpers/test-server'
import { createTestDatabase, TEST_DIALECT, type TestDbHandle } from '../../helpers/test-db'

jest.setTimeout(120_000)

const children: ChildProcess[] = []
const handles: TestDbHandle[] = []

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  for (const h of handles) await h.drop()
})

/** Starts server/src/main.ts and resolves with its output once it says it has started. */
function startMain(env: Record<string, string | undefined>): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: path.resolve(__dirname, '../../..'),
    env: { ...process.env, NODE_ENV: undefined, SEED_DEMO: undefined, HOST: undefined, PORT: '0', LOG_LEVEL: 'warn', H5_DIR: '/nonexistent', RANKING_CHECK_MS: '3600000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      // The banner is one write: wait for its last line.
      if (out.includes('反诈入户通已启动') && out.includes('运行方式')) setTimeout(() => resolve({ child, out }), 200)
    })
    child.stderr!.on('data', (d) => (out += d))
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

it(`a deployment on an empty database (${TEST_DIALECT}) prints a setup link that works once and seeds nothing`, async () => {
  const handle = await createTestDatabase()
  handles.push(handle)
  const env = TEST_DIALECT === 'postgres' ? { DATABASE_URL: handle.env.DATABASE_URL } : { SQLITE_FILE: handle.env.SQLITE_FILE, SEED_DEMO: 'never' }
  const { child, out } = await startMain(env)
  try {
    expect(out).not.toContain('demo-')
    expect(out).toContain('正式部署')
    expect(out).toContain('监听所有网络接口')
    const link = /(http:\/\/127\.0\.0\.1:\d+)\/#\/pkg-official\/setup\/index\?code=([2-9A-Z-]+)/.exec(out)
    expect(link).not.toBeNull()
    const [, base, code] = link!
    expect(code.replace(/-/g, '')).toHaveLength(32)
    const res = await api(base, 'POST', '/api/v1/setup', { body: { code, countyName: '清河县', adminName: '王建国' } })
    expect(res.status).toBe(201)
    const again = await api(base, 'POST', '/api/v1/setup', { body: { code, countyName: '清河县', adminName: '王建国' } })
    expect(again.body.error.code).toBe('SETUP_CLOSED')
    const db = handle.open()
    try {
      expect(await db.kysely.selectFrom('households').select('id').execute()).toEqual([])
      expect((await db.kysely.selectFrom('users').select('role').execute()).map((u) => u.role)).toEqual(['county_admin'])
    } finally {
      await db.close()
    }
  } finally {
    await stop(child)
  }
})

// The demo is SQLite only: a DATABASE_URL makes a deployment.
const itSqlite = TEST_DIALECT === 'sqlite' ? it : it.skip

itSqlite('the demo lists only the demo logins that exist, and listens on 127.0.0.1 only', async () => {
  const handle = await createTestDatabase()
  handles.push(handle)
  const db = handle.open()
  await seedDemoCounty(db, SMALL_COUNTY)
  await db.kysely.updateTable('users').set({ deactivated_at: Date.now() }).where('id', '=', 'u-t1').execute()
  await db.close()
  const { child, out } = await startMain({ SQLITE_FILE: handle.env.SQLITE_FILE })
  try {
    expect(out).toContain('演示登录码')
    expect(out).toContain('demo-county')
    expect(out).toContain('demo-t1-v01-g1')
    expect(out).not.toMatch(/demo-t1 /)
    expect(out).not.toContain('首次设置')
    const port = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)![1]
    expect((await api(`http://127.0.0.1:${port}`, 'GET', '/api/health')).status).toBe(200)
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)
    if (lan) await expect(fetch(`http://${lan.address}:${port}/api/health`)).rejects.toThrow()
  } finally {
    await stop(child)
  }
})
