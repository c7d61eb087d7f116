// 电话抽查 end to end on the real server: a town's 核查员 draws a week's sample (every village and worker, every flagged
// record, the same draw when asked again), sees full numbers only through an audited reveal, and records outcomes
// that set the records' review states and move the figures; villages above the discrepancy threshold are marked on
// the ranking and in the monthly report.
import { randomBytes } from 'node:crypto'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { newId } from '../../helpers/records'
import { docxContent } from '../../helpers/docx-text'
import { runWeeklyRanking } from '../../../server/src/jobs/weekly-ranking'
import { figuresAt } from '../../../server/src/services/rankings'
import { raiseFlags } from '../../../server/src/truth/review'
import { parseRole } from '../../../src/core/imports/rows'
import { drawSample } from '../../../server/src/truth/sampling'
import { weekCandidates } from '../../../server/src/truth/spot-checks'
import { chinaDateStart } from '../../../src/core/china-time'
import type { SpotCheckDraw, SpotCheckItem } from '../../../src/core/schemas/spot-checks'
import type { RankingRow } from '../../../src/core/schemas/targets'

jest.setTimeout(120_000)

const china = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)
const WEEK = '2026-11-16'

describe(`电话抽查 (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = china(2026, 11, 17, 9)
  const tokens: Record<string, string> = {}
  /** resident id → the install record pushed for them. */
  const installOf = new Map<string, string>()
  const visitOf = new Map<string, string>()
  let flaggedRecord = ''

  const kysely = () => server.db.kysely
  const sha = () => randomBytes(32).toString('hex')
  const at = () => new Date(clock).toISOString()

  /** A worker visits the first `n` households of their grid and records the first adult's install steps in each. */
  async function fieldWork(gridId: string, n: number, from = 0): Promise<string[]> {
    const token = await loginAs(server.url, `demo-${gridId}`)
    const households = (await kysely().selectFrom('households').select('id').where('grid_id', '=', gridId).orderBy('id').execute()).slice(from)
    const residents: string[] = []
    for (const h of households) {
      if (residents.length === n) break
      // Aged 16–60 in 2026, so each install counts in the figures.
      const r = await kysely()
        .selectFrom('residents')
        .select('id')
        .where('household_id', '=', h.id)
        .where('phone', 'is not', null)
        .where('birth_year', '>=', 2026 - 60)
        .where('birth_year', '<=', 2026 - 16)
        .orderBy('id')
        .executeTakeFirst()
      if (!r) continue
      const env = { householdId: h.id, replaces: null, deviceId: 'dev', createdAt: at() }
      const visit = { ...env, id: newId(clock), kind: 'visit', body: { outcome: 'met', peopleMet: 1, residentIds: [r.id], notes: '上门讲解', visitedAt: at(), location: null } }
      const install = { ...env, id: newId(clock), kind: 'install', body: { residentId: r.id, steps: [{ step: 'installed', doneOn: '2026-11-17' }, { step: 'real_name', doneOn: '2026-11-17' }], screenshotShas: [sha()], notes: '' } }
      const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: [visit, install] } })
      expect(res.body.results.map((x: { status: string }) => x.status)).toEqual(['stored', 'stored'])
      installOf.set(r.id, install.id)
      visitOf.set(r.id, visit.id)
      residents.push(r.id)
      // Twenty minutes a household: no pace flag.
      clock += 20 * 60_000
    }
    return residents
  }

  const draw = (token: string, body: object = { week: WEEK }) => api(server.url, 'POST', '/api/v1/spot-checks', { token, body })
  const outcome = (token: string, id: string, body: object) => api(server.url, 'PUT', `/api/v1/spot-checks/items/${id}/outcome`, { token, body })
  const reveal = (token: string, id: string) => api(server.url, 'POST', `/api/v1/spot-checks/items/${id}/phone`, { token })
  const stateOf = async (recordId: string) => (await kysely().selectFrom('records').select('review_state').where('id', '=', recordId).executeTakeFirstOrThrow()).review_state
  const itemOf = (d: SpotCheckDraw, residentId: string) => d.items.find((i) => i.id === itemIds.get(residentId))!
  const itemIds = new Map<string, string>()

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => clock })
    for (const code of ['demo-verifier-t1', 'demo-verifier-t2', 'demo-verifier-county', 'demo-t1', 'demo-county', 'demo-t1-v01-g1']) tokens[code] = await loginAs(server.url, code)
    // Week of 2026-11-16: t1-v01 by two workers (6 + 3), t1-v02 by one (2), t2 by one (2).
    await fieldWork('t1-v01-g1', 6)
    await fieldWork('t1-v01-g2', 3)
    await fieldWork('t1-v02-g1', 2)
    await fieldWork('t2-v01-g1', 2)
    // A record of t1-v02-g2 flagged by an automatic rule.
    const [flaggedResident] = await fieldWork('t1-v02-g2', 1)
    flaggedRecord = visitOf.get(flaggedResident)!
    await kysely().transaction().execute((trx) => raiseFlags(trx, [{ recordId: flaggedRecord, kind: 'pace', evidence: { test: true } }], clock))
  })
  afterAll(async () => server?.close())

  it('makes 核查员 accounts for a town or the county only, and reads 核查员 in a staff file', async () => {
    const create = (areaId: string) => api(server.url, 'POST', '/api/v1/staff', { token: tokens['demo-county'], body: { name: '核查员甲', role: 'verifier', areaId } })
    expect((await create('t1')).status).toBe(201)
    expect((await create('c1')).status).toBe(201)
    for (const areaId of ['t1-v01', 't1-v01-g1']) {
      const misfit = await create(areaId)
      expect([misfit.status, misfit.body.error.code]).toEqual([422, 'STAFF_ROLE_AREA'])
    }
    expect(parseRole('核查员')).toEqual({ ok: true, value: 'verifier' })
    expect(parseRole('电话抽查员')).toEqual({ ok: true, value: 'verifier' })
  })

  it('refuses to draw a week that has not ended, and a village as the area', async () => {
    const open = await draw(tokens['demo-verifier-t1'])
    expect([open.status, open.body.error.code]).toEqual([422, 'SPOT_CHECK_WEEK_OPEN'])
    clock = china(2026, 11, 23, 1)
    // Received after the week: not a candidate of it.
    await fieldWork('t1-v02-g1', 1, 5)
    clock = china(2026, 11, 24, 9)
    const village = await draw(tokens['demo-verifier-t1'], { areaId: 't1-v01', week: WEEK })
    expect([village.status, village.body.error.code]).toEqual([422, 'SPOT_CHECK_AREA'])
    const nothing = await api(server.url, 'GET', `/api/v1/spot-checks?week=${WEEK}`, { token: tokens['demo-verifier-t1'] })
    expect([nothing.status, nothing.body.error.code]).toEqual([404, 'SPOT_CHECK_NOT_DRAWN'])
  })

  it('draws every village and worker of the town, every flagged record, perVillage each, nobody twice; asking again returns the same draw', async () => {
    const res = await draw(tokens['demo-verifier-t1'])
    expect(res.status).toBe(200)
    const d = res.body as SpotCheckDraw
    expect(d).toMatchObject({ areaId: 't1', weekStart: WEEK, perVillage: 5, thresholdPct: 20 })
    expect(d.seed).toMatch(/^[0-9a-f]{32}$/)
    const rows = await kysely().selectFrom('spot_check_items').select(['id', 'resident_id', 'worker_id', 'reason', 'village_id']).where('draw_id', '=', d.id).execute()
    for (const r of rows) itemIds.set(r.resident_id, r.id)
    expect(new Set(rows.map((r) => r.resident_id)).size).toBe(rows.length)
    expect(new Set(rows.map((r) => r.village_id))).toEqual(new Set(['t1-v01', 't1-v02']))
    expect(new Set(rows.map((r) => r.worker_id))).toEqual(new Set(['u-t1-v01-g1', 'u-t1-v01-g2', 'u-t1-v02-g1', 'u-t1-v02-g2']))
    expect(rows.filter((r) => r.village_id === 't1-v01' && r.reason === 'sample')).toHaveLength(5)
    // t1-v02: its 2 installs of the week (not the one received after it) and the flagged visit's resident.
    expect(rows.filter((r) => r.village_id === 't1-v02').map((r) => r.reason).sort()).toEqual(['flagged', 'sample', 'sample'])
    expect(rows.every((r) => r.resident_id.startsWith('t1-'))).toBe(true)

    // What the verifier sees: masked numbers, the recorded steps and visit date, no notes.
    const first = d.items.find((i) => i.reason === 'sample')!
    expect(first.phoneMasked).toMatch(/^1\d\d\*{4}\d{4}$/)
    expect(first.installSteps).toEqual([
      { step: 'installed', doneOn: '2026-11-17' },
      { step: 'real_name', doneOn: '2026-11-17' },
    ])
    expect(first.visitedOn).toBe('2026-11-17')
    expect(JSON.stringify(d)).not.toContain('上门讲解')

    // The stored seed draws the same residents again from the week's candidates.
    const t1 = await kysely().selectFrom('areas').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow()
    const redrawn = drawSample(await weekCandidates(kysely(), t1, chinaDateStart(WEEK)), d.seed, d.perVillage)
    expect(redrawn.map((s) => s.residentId).sort()).toEqual(rows.map((r) => r.resident_id).sort())

    const again = await draw(tokens['demo-verifier-t1'])
    expect(again.body.id).toBe(d.id)
    expect(again.body.seed).toBe(d.seed)
    expect(again.body.items.map((i: SpotCheckItem) => i.id)).toEqual(d.items.map((i) => i.id))
    expect(await kysely().selectFrom('spot_check_draws').select('id').execute()).toHaveLength(1)
    // The town official sees the draw, without drawing.
    const seen = await api(server.url, 'GET', `/api/v1/spot-checks?week=${WEEK}`, { token: tokens['demo-t1'] })
    expect(seen.body.id).toBe(d.id)
  })

  it('reveals the full number to the verifier only, each reveal audited', async () => {
    const [residentId, itemId] = [...itemIds][0]
    const res = await reveal(tokens['demo-verifier-t1'], itemId)
    const phone = (await kysely().selectFrom('residents').select('phone').where('id', '=', residentId).executeTakeFirstOrThrow()).phone
    expect(res.status).toBe(200)
    expect(res.body.phone).toBe(phone)
    // The county's verifier reaches it too; another town's does not.
    expect((await reveal(tokens['demo-verifier-county'], itemId)).status).toBe(200)
    const other = await reveal(tokens['demo-verifier-t2'], itemId)
    expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN'])
    for (const code of ['demo-t1', 'demo-county', 'demo-t1-v01-g1']) {
      const refused = await reveal(tokens[code], itemId)
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    const audits = await kysely().selectFrom('audit_log').selectAll().where('action', '=', 'spot_check.phone_reveal').execute()
    expect(audits.map((a) => [a.user_id, a.entity_id])).toEqual([
      ['u-verifier-t1', residentId],
      ['u-verifier-c1', residentId],
    ])
    expect(audits.map((a) => a.detail).join()).not.toContain(phone!)
  })

  it('sets review states from outcomes, and 居民称未安装 takes the install out of the figures', async () => {
    const t1 = await kysely().selectFrom('areas').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow()
    const installedBefore = (await figuresAt(server.db, t1, clock)).get('t1-v01')!.installed.done
    const v01 = [...itemIds.keys()].filter((r) => r.startsWith('t1-v01-'))
    const [notInstalled, notVisited, confirmed, unreachable, wrong] = v01
    const verifier = tokens['demo-verifier-t1']

    const a = await outcome(verifier, itemIds.get(notInstalled)!, { outcome: 'not_installed', comment: '居民说没装过' })
    expect(a.status).toBe(200)
    expect(a.body).toMatchObject({ outcome: 'not_installed', comment: '居民说没装过' })
    expect(await stateOf(installOf.get(notInstalled)!)).toBe('false')
    expect(await stateOf(visitOf.get(notInstalled)!)).toBe('accepted')
    expect((await figuresAt(server.db, t1, clock)).get('t1-v01')!.installed.done).toBe(installedBefore - 1)

    await outcome(verifier, itemIds.get(notVisited)!, { outcome: 'not_visited' })
    expect(await stateOf(visitOf.get(notVisited)!)).toBe('false')
    expect(await stateOf(installOf.get(notVisited)!)).toBe('accepted')

    await outcome(verifier, itemIds.get(confirmed)!, { outcome: 'confirmed' })
    expect([await stateOf(visitOf.get(confirmed)!), await stateOf(installOf.get(confirmed)!)]).toEqual(['verified', 'verified'])

    await outcome(verifier, itemIds.get(unreachable)!, { outcome: 'unreachable' })
    const w = await outcome(verifier, itemIds.get(wrong)!, { outcome: 'wrong_number', comment: '空号' })
    expect(w.body.comment).toBe('空号')
    for (const r of [unreachable, wrong]) expect([await stateOf(visitOf.get(r)!), await stateOf(installOf.get(r)!)]).toEqual(['accepted', 'accepted'])

    // The flagged visit confirmed: 已核实.
    const flaggedResident = [...visitOf].find(([, id]) => id === flaggedRecord)![0]
    await outcome(verifier, itemIds.get(flaggedResident)!, { outcome: 'confirmed' })
    expect(await stateOf(flaggedRecord)).toBe('verified')

    const events = await kysely().selectFrom('review_events').selectAll().where('source', '=', 'spot_check').orderBy('seq').execute()
    expect(events.map((e) => [e.record_id, e.to_state, e.user_id])).toContainEqual([installOf.get(notInstalled), 'false', 'u-verifier-t1'])
    expect(events.find((e) => e.record_id === installOf.get(notInstalled))!.comment).toContain('居民说没装过')
    const audits = await kysely().selectFrom('audit_log').select('entity_id').where('action', '=', 'spot_check.outcome').execute()
    expect(audits).toHaveLength(6)
    // Nobody but the verifier records an outcome.
    const refused = await outcome(tokens['demo-t1'], itemIds.get(confirmed)!, { outcome: 'not_installed' })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('gives sample size, checked, confirmed and discrepancy rates per village and per worker', async () => {
    const d = (await api(server.url, 'GET', `/api/v1/spot-checks?week=${WEEK}`, { token: tokens['demo-verifier-t1'] })).body as SpotCheckDraw
    const v01 = d.villages.find((v) => v.id === 't1-v01')!
    // 5 called in t1-v01: 属实 1, 未安装 1, 未上门 1 (3 checked), 无法接通 1, 号码错误 1.
    expect(v01).toMatchObject({ sampled: 5, checked: 3, confirmed: 1, discrepancies: 2, unreachable: 1, wrongNumber: 1, confirmedPct: 33.3, discrepancyPct: 66.7, marked: true })
    expect(d.villages.find((v) => v.id === 't1-v02')).toMatchObject({ sampled: 3, checked: 1, confirmed: 1, discrepancyPct: 0, marked: false })
    const workers = d.workers.map((w) => w.sampled).reduce((a, b) => a + b, 0)
    expect(workers).toBe(d.items.length)
    expect(itemOf(d, [...itemIds.keys()][0]).outcome).not.toBeNull()
  })

  it('marks the village on the weekly ranking and in the monthly report', async () => {
    await runWeeklyRanking(server.db, china(2026, 11, 24, 7))
    const town = await api(server.url, 'GET', `/api/v1/rankings?week=${WEEK}`, { token: tokens['demo-t1'] })
    const rowOf = (rows: RankingRow[], id: string) => rows.find((r) => r.areaId === id)!
    expect(rowOf(town.body.rows, 't1-v01').spotCheck).toEqual({ checked: 3, discrepancies: 2, discrepancyPct: 66.7, marked: true })
    expect(rowOf(town.body.rows, 't1-v02').spotCheck).toEqual({ checked: 1, discrepancies: 0, discrepancyPct: 0, marked: false })
    const county = await api(server.url, 'GET', `/api/v1/rankings?week=${WEEK}`, { token: tokens['demo-county'] })
    expect(rowOf(county.body.rows, 't1').spotCheck).toEqual({ checked: 4, discrepancies: 2, discrepancyPct: 50, marked: true })
    expect(rowOf(county.body.rows, 't2').spotCheck).toBeUndefined()

    const report = await api(server.url, 'GET', '/api/v1/reports/monthly?month=2026-11', { token: tokens['demo-t1'] })
    expect(report.status).toBe(200)
    expect(report.body.spotChecks).toEqual({
      thresholdPct: 20,
      rows: [
        expect.objectContaining({ areaId: 't1-v01', marked: true, discrepancyPct: 66.7 }),
        expect.objectContaining({ areaId: 't1-v02', marked: false }),
      ],
    })
    const file = await fetch(`${server.url}/api/v1/reports/monthly.docx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['demo-t1']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ month: '2026-11', summary: '本月工作总结', photoIds: [] }),
    })
    expect(file.status).toBe(200)
    const text = (await docxContent(Buffer.from(await file.arrayBuffer()))).paragraphs.join('\n')
    const v01 = await kysely().selectFrom('areas').select('name').where('id', '=', 't1-v01').executeTakeFirstOrThrow()
    expect(text).toContain(`电话抽查不实率超过 20% 的：${v01.name}（不实率 66.7%，核查 3 人中 2 人不实）。`)
  })
})
