// 本周走访情况: per-worker counts for the China-time week (from Monday 00:00 Asia/Shanghai, whatever the server's
// timezone), zero-activity workers listed, corrections counted once, other authors shown, and scope.
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, visitRecord } from '../helpers/records'

// Far from China: the week boundary must come from Asia/Shanghai, not from the host.
process.env.TZ = 'America/Los_Angeles'

jest.setTimeout(60_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)
const SHA = (n: number) => n.toString(16).padStart(64, '0')
const G1 = 't1-v01-g1'
const G2 = 't1-v01-g2'

describe(`weekly activity per worker (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = china(2026, 11, 22, 23, 59)
  let worker: string
  let hh: string[]

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => clock })
    worker = await loginAs(server.url, `demo-${G1}`)
    hh = (await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', G1).orderBy('id').execute()).map((h) => h.id)
  })
  afterAll(async () => server?.close())

  const at = (ms: number) => new Date(ms).toISOString()
  const visit = (householdId: string, extra: Record<string, unknown> = {}) =>
    visitRecord(householdId, 'met', {
      createdAt: at(clock),
      body: { outcome: 'met', peopleMet: 1, residentIds: [], notes: '', visitedAt: at(clock), location: null },
      ...extra,
    } as never)
  async function push(token: string, records: unknown[]) {
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
  }
  const activity = (token: string, areaId?: string) => api(server.url, 'GET', `/api/v1/activity${areaId ? `?areaId=${areaId}` : ''}`, { token })
  const row = (body: { workers: { userId: string; villageId: string }[] }, userId: string) => body.workers.find((w) => w.userId === userId)

  it('counts this week from Monday 00:00 China time, lists idle workers, and counts a correction once', async () => {
    // Sunday 23:59 China time: last week.
    await push(worker, [visit(hh[0]), visit(hh[1])])
    // Monday 00:00 exactly: this week.
    clock = china(2026, 11, 23, 0, 0)
    const monday = visit(hh[2])
    await push(worker, [monday])

    clock = china(2026, 11, 25, 10, 30)
    const db = server.db.kysely
    const template = await db.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
    const material = await db.selectFrom('materials').select('id').where('needs_receipt', '=', 0).executeTakeFirstOrThrow()
    const resident = await db.selectFrom('residents').select('id').where('household_id', '=', hh[3]).orderBy('id').executeTakeFirstOrThrow()
    const env = (householdId: string) => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt: at(clock) })
    await push(worker, [
      visit(hh[3]),
      visit(hh[3]),
      // Corrects Monday's visit: still one visit.
      visit(hh[2], { replaces: monday.id }),
      { ...env(hh[3]), kind: 'pledge', body: { templateId: template.id, templateHash: template.content_hash, residentId: null, signerName: '王五', signatureSha: SHA(1), signedAt: at(clock), channel: 'worker_device' } },
      { ...env(hh[3]), kind: 'install', body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: '2026-11-25' }], screenshotShas: [SHA(2)], notes: '' } },
      { ...env(hh[3]), kind: 'handout', body: { items: [{ materialId: material.id, quantity: 3 }], recipientName: '王五', residentId: null, receiptSignatureSha: null, handedAt: at(clock) } },
    ])
    const head = await loginAs(server.url, 'demo-t1-v01')
    // Officials push no field records (a record they find wrong is decided in review).
    expect((await api(server.url, 'POST', '/api/v1/sync/push', { token: head, body: { records: [visit(hh[4])] } })).status).toBe(403)

    clock = china(2026, 11, 25, 12)
    const res = await activity(head)
    expect(res.status).toBe(200)
    expect(res.body.weekStart).toBe(at(china(2026, 11, 23)))
    expect(res.body.workers.map((w: { userId: string }) => w.userId)).toEqual([`u-${G1}`, `u-${G2}`])
    expect(row(res.body, `u-${G1}`)).toMatchObject({
      role: 'worker',
      gridId: G1,
      villageId: 't1-v01',
      visits: 3,
      households: 2,
      pledges: 1,
      installs: 1,
      handouts: 1,
      lastActiveAt: at(china(2026, 11, 25, 10, 30)),
    })
    // Nobody went out in grid 2: listed with zeros.
    expect(row(res.body, `u-${G2}`)).toMatchObject({ gridId: G2, visits: 0, households: 0, pledges: 0, installs: 0, handouts: 0, lastActiveAt: null })
    // Names only, no phones.
    expect(JSON.stringify(res.body)).not.toMatch(/1\d{10}/)
  })

  it('lists a town’s workers by village, idle villages included, and equals a recount of the records', async () => {
    const town = await loginAs(server.url, 'demo-t1')
    const res = await activity(town)
    expect(res.status).toBe(200)
    const grids = await server.db.kysely.selectFrom('areas').select('id').where('level', '=', 'grid').where('town_id', '=', 't1').orderBy('id').execute()
    const workerRows = res.body.workers.filter((w: { role: string }) => w.role === 'worker')
    expect(workerRows.map((w: { gridId: string }) => w.gridId).sort()).toEqual(grids.map((g) => g.id))
    const villages = res.body.workers.map((w: { villageId: string }) => w.villageId)
    expect(villages).toEqual([...villages].sort())
    expect(row(res.body, 'u-t1-v02-g1')).toMatchObject({ villageId: 't1-v02', visits: 0 })

    const recount = await server.db.kysely
      .selectFrom('records')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('town_id', '=', 't1')
      .where('kind', '=', 'visit')
      .where('superseded_by', 'is', null)
      .where('received_at', '>=', china(2026, 11, 23))
      .executeTakeFirstOrThrow()
    expect(res.body.workers.reduce((s: number, w: { visits: number }) => s + w.visits, 0)).toBe(Number(recount.n))
  })

  it('gives the county its workers town by town, each row naming its town (the card groups villages by town)', async () => {
    const county = await loginAs(server.url, 'demo-county')
    const res = await activity(county)
    expect(res.status).toBe(200)
    const rows: { townId: string; townName: string; villageId: string }[] = res.body.workers
    const towns = await server.db.kysely.selectFrom('areas').select(['id', 'name', 'sort']).where('level', '=', 'town').orderBy('sort').orderBy('id').execute()
    // Each town's rows together, in the towns' order; every village under its own town.
    const order = rows.map((w) => w.townId).filter((t, i, all) => i === 0 || all[i - 1] !== t)
    expect(order).toEqual(towns.map((t) => t.id))
    const villageTown = new Map((await server.db.kysely.selectFrom('areas').select(['id', 'town_id']).where('level', '=', 'village').execute()).map((v) => [v.id, v.town_id]))
    for (const w of rows) {
      expect(w.townId).toBe(villageTown.get(w.villageId))
      expect(w.townName).toBe(towns.find((t) => t.id === w.townId)!.name)
    }
  })

  it('starts again from zero on the next Monday', async () => {
    clock = china(2026, 11, 30, 0, 0)
    const head = await loginAs(server.url, 'demo-t1-v01')
    const res = await activity(head)
    expect(res.body.workers.every((w: { visits: number }) => w.visits === 0)).toBe(true)
    // Only the grid workers remain: last week's other authors drop off.
    expect(res.body.workers.map((w: { userId: string }) => w.userId)).toEqual([`u-${G1}`, `u-${G2}`])
  })

  it('keeps to scope: 403 outside it and for workers', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    expect((await activity(head, 't1-v02')).status).toBe(403)
    expect((await activity(head, 't1')).status).toBe(403)
    expect((await activity(head, 'no-such-area')).status).toBe(403)
    expect((await activity(worker)).status).toBe(403)
    expect((await activity(await loginAs(server.url, 'demo-t2'), 't1-v01')).status).toBe(403)
    expect((await api(server.url, 'GET', '/api/v1/activity')).status).toBe(401)
    const county = await loginAs(server.url, 'demo-county')
    expect((await activity(county, 't1-v01')).status).toBe(200)
  })
})
