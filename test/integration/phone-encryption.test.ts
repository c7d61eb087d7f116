// Residents' phones encrypted at rest (#12 item 12), on both databases: the residents.phone column holds only
// ciphertext (AES-256-GCM, the key's id with it), the API answers exactly as before (whole for the grid's worker,
// masked for everyone else), a phone stored before encryption is encrypted at start, a roster change's new phone is
// stored encrypted, the search by a phone's last digits still finds its household, and a key rotation (in the
// server and by the rotation command) re-encrypts every phone under the new key with nothing else changing.
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import { sql } from 'kysely'
import { maskPhone } from '../../src/core/mask'
import { phoneKeyringFromEnv, usePhoneKeyring } from '../../server/src/crypto/phone-cipher'
import { encryptStoredPhones, phonesByKey } from '../../server/src/crypto/phone-rotation'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId } from '../helpers/records'

jest.setTimeout(120_000)

const DEV_KEY = createHash('sha256').update('fanzha demo phone key, not secret').digest('base64')
const DEV_INDEX_KEY = createHash('sha256').update('fanzha demo phone index key, not secret').digest('base64')
const K2 = randomBytes(32).toString('base64')
const K3 = randomBytes(32).toString('base64')
const GRID = 't1-v01-g1'

let server: TestServer
let worker: string
let head: string
let town: string

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, `demo-${GRID}`)
  head = await loginAs(server.url, 'demo-t1-v01')
  town = await loginAs(server.url, 'demo-t1')
})
afterAll(async () => {
  usePhoneKeyring(phoneKeyringFromEnv({}))
  await server.close()
})

/** residents.phone as stored (selected under another name, so nothing decrypts it). */
async function storedPhones(): Promise<{ id: string; stored: string; phone_index: string | null }[]> {
  return server.db.kysely
    .selectFrom('residents')
    .select(['id', sql<string>`phone`.as('stored'), 'phone_index'])
    .where('phone', 'is not', null)
    .orderBy('id')
    .execute()
}

async function pulledPhones(token: string): Promise<Map<string, string | null>> {
  const res = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=2000', { token })
  expect(res.status).toBe(200)
  return new Map((res.body.residents as { id: string; phone: string | null }[]).map((r) => [r.id, r.phone]))
}

describe(`residents' phones at rest (${TEST_DIALECT})`, () => {
  let before: Map<string, string | null>

  it('stores no plain phone: every stored phone is a ciphertext under the current key, with its index', async () => {
    const rows = await storedPhones()
    expect(rows.length).toBeGreaterThan(20)
    for (const r of rows) {
      expect(r.stored).toMatch(/^pe1\.dev\.[A-Za-z0-9_-]{40,}$/)
      expect(r.stored).not.toMatch(/1\d{10}/)
      expect(r.phone_index).toMatch(/^\S{16} \S{16}$/)
    }
    // Two residents with the same number would still differ on disk (a fresh IV each time).
    expect(new Set(rows.map((r) => r.stored)).size).toBe(rows.length)
  })

  it('answers as before: whole numbers to the grid worker, masked ones to the village head', async () => {
    before = await pulledPhones(worker)
    const whole = [...before.values()].filter((p): p is string => p !== null)
    expect(whole.length).toBeGreaterThan(5)
    for (const p of whole) expect(p).toMatch(/^1\d{10}$/)
    const masked = await pulledPhones(head)
    for (const [id, p] of before) expect(masked.get(id)).toBe(p ? maskPhone(p) : null)
    const householdId = `${GRID}-h001`
    const view = await api(server.url, 'GET', `/api/v1/households/${householdId}`, { token: head })
    expect(view.status).toBe(200)
    for (const r of view.body.residents as { id: string; phone: string | null }[]) {
      expect(r.phone ?? null).toBe(before.get(r.id) ? maskPhone(before.get(r.id)) : null)
    }
  })

  it('encrypts a phone stored before encryption at start, and a new phone from a roster change', async () => {
    const [first, second] = (await storedPhones()).filter((r) => r.id.startsWith(GRID))
    await sql`update residents set phone = '13900001111', phone_index = null where id = ${first.id}`.execute(server.db.kysely)
    expect(await encryptStoredPhones(server.db)).toBe(1)
    const after = (await storedPhones()).find((r) => r.id === first.id)!
    expect(after.stored).toMatch(/^pe1\.dev\./)
    expect(after.phone_index).not.toBeNull()
    expect((await pulledPhones(worker)).get(first.id)).toBe('13900001111')

    const householdId = second.id.replace(/-r\d+$/, '')
    const edit = {
      id: newId(),
      kind: 'roster',
      householdId,
      replaces: null,
      deviceId: 'dev',
      createdAt: new Date().toISOString(),
      body: { action: 'edit_resident', residentId: second.id, phone: '13700002222' },
    }
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [edit] } })
    expect(res.body.results[0].status).toBe('stored')
    const stored = (await storedPhones()).find((r) => r.id === second.id)!
    expect(stored.stored).toMatch(/^pe1\.dev\./)
    expect(stored.stored).not.toContain('13700002222')
    expect((await pulledPhones(worker)).get(second.id)).toBe('13700002222')
    before = await pulledPhones(worker)
  })

  it("finds a household by its member's last phone digits (4 and 3)", async () => {
    for (const digits of ['2222', '222']) {
      const res = await api(server.url, 'GET', `/api/v1/fraud-cases/victims?q=${digits}`, { token: town })
      expect(res.status).toBe(200)
      const found = (res.body.households as { id: string }[]).map((h) => h.id)
      const expected = [...before].filter(([, p]) => p?.endsWith(digits)).length
      expect(found.length).toBeGreaterThan(0)
      expect(found.length).toBeGreaterThanOrEqual(Math.min(expected, 1))
      expect(res.body.households.some((h: { residents?: { phone?: string }[] }) => JSON.stringify(h).includes('2222'))).toBe(true)
    }
  })

  it('rotates to a new key in the server: every phone re-encrypted under it, answers unchanged', async () => {
    usePhoneKeyring(phoneKeyringFromEnv({ PHONE_KEYS: `k2:${K2},dev:${DEV_KEY}`, PHONE_INDEX_KEY: DEV_INDEX_KEY }))
    const rows = (await storedPhones()).length
    expect(await encryptStoredPhones(server.db)).toBe(rows)
    expect(await phonesByKey(server.db)).toEqual({ k2: rows })
    expect(await encryptStoredPhones(server.db)).toBe(0)
    // The old key gone, everything still reads.
    usePhoneKeyring(phoneKeyringFromEnv({ PHONE_KEYS: `k2:${K2}`, PHONE_INDEX_KEY: DEV_INDEX_KEY }))
    expect(await pulledPhones(worker)).toEqual(before)
  })

  it('rotates with the rotation command, run as an operator would', async () => {
    const env = {
      ...process.env,
      ...server.dbHandle.env,
      SEED_DEMO: 'never',
      PHONE_KEYS: `k3:${K3},k2:${K2}`,
      PHONE_INDEX_KEY: DEV_INDEX_KEY,
    }
    const root = path.resolve(__dirname, '../..')
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'server/src/crypto/rotate-phone-key.ts'], { cwd: root, env, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const rows = (await storedPhones()).length
    expect(run.stdout).toContain(`已用新密钥重新加密 ${rows} 个居民电话`)
    expect(await phonesByKey(server.db)).toEqual({ k3: rows })
    usePhoneKeyring(phoneKeyringFromEnv({ PHONE_KEYS: `k3:${K3}`, PHONE_INDEX_KEY: DEV_INDEX_KEY }))
    expect(await pulledPhones(worker)).toEqual(before)
  })

  it('refuses to start in production without the keys, and refuses a malformed key', () => {
    expect(() => phoneKeyringFromEnv({ NODE_ENV: 'production' })).toThrow(/PHONE_KEYS/)
    expect(() => phoneKeyringFromEnv({ NODE_ENV: 'production', PHONE_KEYS: `k:${K2}` })).toThrow(/PHONE_INDEX_KEY/)
    expect(() => phoneKeyringFromEnv({ PHONE_KEYS: 'k:short', PHONE_INDEX_KEY: DEV_INDEX_KEY })).toThrow(/32/)
    expect(phoneKeyringFromEnv({ NODE_ENV: 'production', PHONE_KEYS: `a:${K2},b:${K3}`, PHONE_INDEX_KEY: DEV_INDEX_KEY }).currentId).toBe('a')
  })
})
