// The dashboards read per-grid aggregates kept at ingest. After a random run of visits, corrections, pledges,
// installs, hand-outs, household deletions and roster changes from the field (households and members added with a
// visit in the same push, residents edited and marked 迁出/死亡/长期在外/返乡, households 迁出/空户/拆除) — one at a
// time, then from 8 concurrent clients into one grid — every figure must equal a recount from the raw records
// table, and the aggregates a full rebuild. Officials also mark random records 不属实 and take some of it back: a
// record found 不属实 counts nowhere, one taken back counts again.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VISIT_OUTCOMES } from '../../src/core/schemas/visit'
import { HOUSEHOLD_STATUSES, RESIDENT_STATUSES } from '../../src/core/schemas/roster-change'
import type { CoverageRow } from '../../src/core/schemas/coverage'
import { createPrng, type Prng } from '../../server/src/seed/prng'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { deleteHousehold } from '../../server/src/services/households'
import { rebuildGridTallies } from '../../server/src/services/grid-tallies'
import { TEST_DIALECT } from '../helpers/test-db'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId } from '../helpers/records'
import { pickFigures, recount } from '../helpers/recount'

jest.setTimeout(120_000)

let server: TestServer
const SHA = 'ab'.repeat(32)

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

interface Ctx {
  rnd: Prng
  tokens: Map<string, string>
  households: { id: string; grid_id: string }[]
  residents: { id: string; household_id: string; name: string }[]
  pushed: { id: string; kind: string; gridId: string; body: unknown; householdId: string }[]
  materials: string[]
  template: { id: string; content_hash: string }
  /** The town official who marks records 不属实 and takes it back. */
  reviewer: string
  /** Records marked 不属实 and not yet taken back, and how many times each review action ran. */
  falsified: string[]
  reviews: { false: number; undo: number }
}

it('keeps every dashboard figure equal to a recount from the raw records', async () => {
  const ctx = await setUp(createPrng(20261123))
  for (let step = 0; step < 400; step++) await randomStep(ctx)
  const actions = new Set(ctx.pushed.flatMap((p) => (p.kind === 'roster' ? [(p.body as { action: string }).action] : [])))
  expect([...actions].sort()).toEqual(['add_household', 'add_resident', 'edit_resident', 'household_status', 'resident_status'])
  expect(ctx.reviews.false).toBeGreaterThan(5)
  expect(ctx.reviews.undo).toBeGreaterThan(2)
  expect(ctx.falsified.length).toBeGreaterThan(0)
  // Last of all a deletion, so no later push into its grid can hide a deletion that left the figures behind.
  const visited = await server.db.kysely.selectFrom('households').select('id').where('town_id', '=', 't1').where('deleted_at', 'is', null).where('covered', '=', 1).executeTakeFirstOrThrow()
  await deleteHousehold(server.db, visited.id, null, Date.now())
  await expectDashboardsEqualRecount(['t1', 't1-v01', 't1-v02'])
  await expectTalliesEqualRebuild()
})

// On PostgreSQL the clients go to two servers (two connection pools) on one database, as two processes would.
// SQLite has a single writer per file, so there they share one server and its queue.
it(`keeps them equal after 8 clients push concurrently into one grid (${TEST_DIALECT})`, async () => {
  const ctx = await setUp(createPrng(20261127))
  const gridId = 't1-v01-g1'
  const inGrid = ctx.households.filter((h) => h.grid_id === gridId)
  const other = TEST_DIALECT === 'postgres' ? await startSecondServer() : null
  try {
    const urls = [server.url, other?.url ?? server.url]
    const clients = Array.from({ length: 8 }, (_, c) => pushConcurrently(ctx, urls[c % 2], gridId, inGrid, 12))
    const deletion = new Promise((r) => setTimeout(r, 100)).then(() => deleteHousehold(server.db, inGrid[1].id, null, Date.now()))
    await Promise.all([...clients, deletion])
  } finally {
    await other?.close()
  }
  await expectDashboardsEqualRecount([gridId, 't1-v01', 't1'])
  await expectTalliesEqualRebuild()
})

async function expectDashboardsEqualRecount(areaIds: string[]): Promise<void> {
  const token = await loginAs(server.url, 'demo-t1')
  const truth = await recount(server.db.kysely)
  for (const areaId of areaIds) {
    const res = await api(server.url, 'GET', `/api/v1/coverage?areaId=${areaId}`, { token })
    expect(res.status).toBe(200)
    for (const row of [res.body.area, ...res.body.rows] as CoverageRow[]) {
      expect({ area: row.areaId, ...pickFigures(row) }).toEqual({ area: row.areaId, ...truth(row.areaId, row.level) })
    }
  }
}

/** The aggregates as kept row by row equal a set-based rebuild of every grid from the summaries. */
async function expectTalliesEqualRebuild(): Promise<void> {
  const kept = await tallyTables()
  expect(kept.grid_tallies.length).toBeGreaterThan(0)
  await rebuildGridTallies(server.db)
  expect(await tallyTables()).toEqual(kept)
}

async function tallyTables() {
  const db = server.db.kysely
  const numbers = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)])))
  return {
    grid_tallies: numbers(await db.selectFrom('grid_tallies').selectAll().orderBy('grid_id').execute()),
    grid_resident_tallies: numbers(await db.selectFrom('grid_resident_tallies').selectAll().orderBy('grid_id').orderBy('birth_year').execute()),
    grid_handout_tallies: numbers(await db.selectFrom('grid_handout_tallies').selectAll().orderBy('grid_id').orderBy('material_id').execute()),
    grid_week_visits: numbers(await db.selectFrom('grid_week_visits').selectAll().orderBy('grid_id').orderBy('week_start').execute()),
  }
}

async function startSecondServer() {
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-'))
  const db = server.dbHandle.open()
  const app = await buildApp({ config: loadConfig({}, { LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', SEED_DEMO: 'never', MEDIA_DIR: mediaDir }), db })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const close = async () => {
    await app.close()
    await db.close()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }
  return { url, close }
}

/** One client's pushes of 1–4 records each: new records, corrections of any stored one in the grid, and resends. */
async function pushConcurrently(ctx: Ctx, url: string, gridId: string, households: Ctx['households'], pushes: number): Promise<void> {
  const { rnd } = ctx
  let last: { id: string } | null = null
  for (let n = 0; n < pushes; n++) {
    const records: { id: string; kind: string; householdId: string; replaces: string | null; body: unknown }[] = []
    for (let k = rnd.int(1, 4); k > 0; k--) {
      const earlier = ctx.pushed.filter((p) => p.gridId === gridId && p.kind !== 'roster')
      if (rnd.chance(0.2) && earlier.length) {
        const target = rnd.pick(earlier)
        const body = bodyFor(ctx, target.kind, target.householdId)
        if (body) records.push({ id: newId(), kind: target.kind, householdId: target.householdId, replaces: target.id, body })
        continue
      }
      const h = rnd.pick(households)
      const kind = rnd.weighted([['visit', 6], ['pledge', 2], ['install', 2], ['handout', 1], ['roster', 2]] as const)
      const body = bodyFor(ctx, kind, h.id)
      if (body) records.push({ id: newId(), kind, householdId: h.id, replaces: null, body })
    }
    const full = records.map((r) => ({ ...r, deviceId: 'dev', createdAt: new Date().toISOString() }))
    const resend = last && rnd.chance(0.3) ? [last] : []
    const res = await api(url, 'POST', '/api/v1/sync/push', { token: ctx.tokens.get(gridId), body: { records: [...full, ...resend] } })
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([...full.map(() => 'stored'), ...resend.map(() => 'duplicate')])
    for (const r of full) remember(ctx, { id: r.id, kind: r.kind, gridId, body: r.body, householdId: r.householdId })
    last = full[0] ?? last
  }
}

async function setUp(rnd: Prng): Promise<Ctx> {
  const db = server.db.kysely
  const households = await db.selectFrom('households').select(['id', 'grid_id']).where('town_id', '=', 't1').orderBy('id').execute()
  const residents = await db.selectFrom('residents').select(['id', 'household_id', 'name']).where('town_id', '=', 't1').orderBy('id').execute()
  const tokens = new Map<string, string>()
  for (const grid of new Set(households.map((h) => h.grid_id))) tokens.set(grid, await loginAs(server.url, `demo-${grid}`))
  const materials = (await db.selectFrom('materials').select('id').execute()).map((m) => m.id)
  const template = await db.selectFrom('pledge_templates').select(['id', 'content_hash']).executeTakeFirstOrThrow()
  const reviewer = await loginAs(server.url, 'demo-t1')
  return { rnd, tokens, households, residents, pushed: [], materials, template, reviewer, falsified: [], reviews: { false: 0, undo: 0 } }
}

async function randomStep(ctx: Ctx): Promise<void> {
  const { rnd } = ctx
  if (rnd.chance(0.08)) return reviewStep(ctx)
  const h = rnd.pick(ctx.households)
  const roll = rnd.next()
  if (roll < 0.04) return deleteHousehold(server.db, h.id, null, Date.now())
  if (roll < 0.07) return addHouseholdWithVisit(ctx, h.grid_id)
  const correctable = ctx.pushed.filter((p) => p.kind !== 'roster')
  if (roll < 0.2 && correctable.length) {
    const target = rnd.pick(correctable)
    return push(ctx, target.gridId, target.householdId, target.kind, bodyFor(ctx, target.kind, target.householdId), target.id)
  }
  const kind = rnd.weighted([['visit', 6], ['pledge', 2], ['install', 2], ['handout', 1], ['roster', 3]] as const)
  const body = bodyFor(ctx, kind, h.id)
  if (body) await push(ctx, h.grid_id, h.id, kind, body, null)
}

/** An official marks a field record 不属实, or takes back an earlier 不属实 (撤销). */
async function reviewStep(ctx: Ctx): Promise<void> {
  const { rnd } = ctx
  if (ctx.falsified.length && rnd.chance(0.4)) {
    const id = ctx.falsified.splice(rnd.int(0, ctx.falsified.length - 1), 1)[0]
    const res = await api(server.url, 'POST', `/api/v1/review/records/${id}/undo`, { token: ctx.reviewer, body: {} })
    expect(res.status).toBe(200)
    expect(res.body.record.state).not.toBe('false')
    ctx.reviews.undo++
    return
  }
  const open = ctx.pushed.filter((p) => p.kind !== 'roster' && !ctx.falsified.includes(p.id))
  if (!open.length) return
  const target = rnd.pick(open)
  const res = await api(server.url, 'POST', `/api/v1/review/records/${target.id}/decision`, { token: ctx.reviewer, body: { decision: 'false', comment: '抽查不属实' } })
  expect([res.status, res.body.record?.state]).toEqual([200, 'false'])
  ctx.falsified.push(target.id)
  ctx.reviews.false++
}

/** A household added in the field: the visit first in the push, then the household and a member (taken first). */
async function addHouseholdWithVisit(ctx: Ctx, gridId: string): Promise<void> {
  const householdId = newId()
  const envelope = () => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt: new Date().toISOString() })
  const records = [
    { ...envelope(), kind: 'visit', body: bodyFor(ctx, 'visit', householdId) },
    { ...envelope(), kind: 'roster', body: { action: 'add_household', gridId, doorplate: `新${ctx.rnd.int(1, 999)}号`, headName: '新户' } },
    { ...envelope(), kind: 'roster', body: newResident(ctx) },
  ]
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: ctx.tokens.get(gridId), body: { records } })
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'stored'])
  ctx.households.push({ id: householdId, grid_id: gridId })
  for (const r of records) remember(ctx, { id: r.id, kind: r.kind, gridId, body: r.body, householdId })
}

function newResident(ctx: Ctx) {
  return { action: 'add_resident', residentId: newId(), name: `新${ctx.rnd.int(1, 99)}`, birthYear: new Date().getUTCFullYear() - ctx.rnd.int(5, 80), tags: [] }
}

/** Notes a stored record, and the resident it added, so later steps can name them. */
function remember(ctx: Ctx, p: Ctx['pushed'][number]): void {
  ctx.pushed.push(p)
  const body = p.body as { action?: string; residentId?: string; name?: string }
  if (p.kind === 'roster' && body.action === 'add_resident') ctx.residents.push({ id: body.residentId!, household_id: p.householdId, name: body.name! })
}

/** A roster change of the household: a new member, a member's birth year, a member's or the household's status. */
function rosterBody(ctx: Ctx, members: Ctx['residents']): unknown {
  const { rnd } = ctx
  const action = members.length ? rnd.weighted([['add_resident', 2], ['edit_resident', 2], ['resident_status', 4], ['household_status', 1]] as const) : 'add_resident'
  if (action === 'add_resident') return newResident(ctx)
  if (action === 'household_status') return { action, status: rnd.pick(HOUSEHOLD_STATUSES) }
  const who = rnd.pick(members)
  if (action === 'edit_resident') return { action, residentId: who.id, birthYear: new Date().getUTCFullYear() - rnd.int(5, 80) }
  return { action, residentId: who.id, status: rnd.pick(RESIDENT_STATUSES) }
}

function bodyFor(ctx: Ctx, kind: string, householdId: string): unknown {
  const { rnd } = ctx
  const at = new Date().toISOString()
  const members = ctx.residents.filter((r) => r.household_id === householdId)
  if (kind === 'visit') {
    return { outcome: rnd.pick(VISIT_OUTCOMES), peopleMet: 1, residentIds: [], notes: '', visitedAt: at, location: null }
  }
  if (kind === 'roster') return rosterBody(ctx, members)
  if (members.length === 0) return null
  const who = rnd.pick(members)
  if (kind === 'pledge') {
    return { templateId: ctx.template.id, templateHash: ctx.template.content_hash, residentId: who.id, signerName: who.name, signatureSha: SHA, signedAt: at, channel: 'worker_device' }
  }
  if (kind === 'install') {
    const steps = (['installed', 'real_name', 'warning_on'] as const).filter(() => rnd.chance(0.6))
    const day = `2026-11-${String(rnd.int(10, 22)).padStart(2, '0')}`
    return { residentId: who.id, steps: (steps.length ? steps : (['installed'] as const)).map((step) => ({ step, doneOn: day })), screenshotShas: [SHA], notes: '' }
  }
  return { items: [{ materialId: rnd.pick(ctx.materials), quantity: rnd.int(1, 5) }], recipientName: who.name, residentId: who.id, receiptSignatureSha: SHA, handedAt: at }
}

async function push(ctx: Ctx, gridId: string, householdId: string, kind: string, body: unknown, replaces: string | null) {
  if (!body) return
  const record = { id: newId(), kind, householdId, replaces, deviceId: 'dev', createdAt: new Date().toISOString(), body }
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: ctx.tokens.get(gridId), body: { records: [record] } })
  expect(res.body.results[0].status).toBe('stored')
  remember(ctx, { id: record.id, kind, gridId, body, householdId })
}
