// Editing the campaign from the app: name and phases (ordered, non-overlapping, owner only, audited), and targets
// overridden at a lower level and restored to the inherited value (恢复继承).
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'

jest.setTimeout(60_000)

const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)
const PHASES = [
  { name: '筹划准备', startsOn: '2026-11-01', endsOn: '2026-11-20' },
  { name: '集中宣传', startsOn: '2026-11-21', endsOn: '2027-04-30' },
  { name: '巩固提升', startsOn: '2027-05-01', endsOn: '2027-06-15' },
  { name: '评估考核', startsOn: '2027-06-16', endsOn: '2027-07-31' },
]
const Q1 = { indicator: 'installed', deadline: '2027-03-31' }

describe(`campaign and target editing (${TEST_DIALECT})`, () => {
  let server: TestServer
  let county: string
  let town: string
  let head: string

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => china(2026, 11, 25, 10) })
    county = await loginAs(server.url, 'demo-county')
    town = await loginAs(server.url, 'demo-t1')
    head = await loginAs(server.url, 'demo-t1-v01')
  })
  afterAll(async () => server?.close())

  const putCampaign = (token: string, body: unknown) => api(server.url, 'PUT', '/api/v1/campaigns/current', { token, body })
  const audit = (action: string) =>
    server.db.kysely.selectFrom('audit_log').select(['user_id', 'entity_id', 'detail']).where('action', '=', action).orderBy('seq').execute()

  it('lets the county that set up the campaign rename it and replace its phases, audited', async () => {
    const res = await putCampaign(county, { name: '  2026—2027年反诈宣传入户行动 ', phases: PHASES })
    expect(res.status).toBe(200)
    expect(res.body.campaign).toMatchObject({ name: '2026—2027年反诈宣传入户行动', startsOn: '2026-11-01', endsOn: '2027-07-31' })
    expect(res.body.phases.map((p: { name: string; current: boolean }) => [p.name, p.current])).toEqual([
      ['筹划准备', false],
      ['集中宣传', true],
      ['巩固提升', false],
      ['评估考核', false],
    ])
    // A village sees the same plan.
    const seen = await api(server.url, 'GET', '/api/v1/campaigns/current', { token: head })
    expect(seen.body.phases).toHaveLength(4)
    expect(seen.body).toMatchObject({ areaId: 't1-v01', areaLevel: 'village' })
    const rows = await audit('campaign.update')
    expect(rows).toHaveLength(1)
    expect(rows[0].user_id).toBe('u-c1')
    const detail = JSON.parse(rows[0].detail)
    expect(detail.before.phases).toHaveLength(3)
    expect(detail.after.phases).toHaveLength(4)
  })

  it('refuses bad phases with stable codes', async () => {
    const cases: [unknown[], number, string][] = [
      [[{ name: '集中宣传', startsOn: '2026-12-01', endsOn: '2026-11-30' }], 422, 'PHASE_ENDS_BEFORE_START'],
      [[PHASES[0], { ...PHASES[1], startsOn: '2026-11-20' }], 422, 'PHASES_OVERLAP'],
      [[PHASES[1], PHASES[0]], 422, 'PHASES_OVERLAP'],
      [[...PHASES, ...PHASES.map((p) => ({ ...p, startsOn: '2028-01-01', endsOn: '2028-01-02' }))].slice(0, 7), 400, 'VALIDATION_FAILED'],
      [[], 400, 'VALIDATION_FAILED'],
      [[{ name: '', startsOn: '2026-11-01', endsOn: '2026-11-02' }], 400, 'VALIDATION_FAILED'],
      [[{ name: '集中宣传', startsOn: '2026-13-01', endsOn: '2026-11-02' }], 400, 'VALIDATION_FAILED'],
    ]
    for (const [phases, status, code] of cases) {
      const res = await putCampaign(county, { name: '行动', phases })
      expect([res.status, res.body.error?.code]).toEqual([status, code])
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect((await putCampaign(county, { name: ' ', phases: PHASES })).status).toBe(400)
    expect(await audit('campaign.update')).toHaveLength(1)
  })

  it('lets only the campaign owner edit the phases: not a town official, not a village head', async () => {
    // A town official may edit campaigns, just not the county's; a village head may edit none (the endpoint's callers).
    for (const [token, code] of [
      [town, 'CAMPAIGN_NOT_OWNER'],
      [head, 'FORBIDDEN'],
    ]) {
      const res = await putCampaign(token, { name: '改名', phases: PHASES.slice(0, 1) })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe(code)
    }
    const worker = await loginAs(server.url, 'demo-t1-v01-g1')
    expect((await putCampaign(worker, { name: '改名', phases: PHASES.slice(0, 1) })).status).toBe(403)
    const still = await api(server.url, 'GET', '/api/v1/campaigns/current', { token: town })
    expect(still.body.phases).toHaveLength(4)
  })

  const q1 = async (areaId: string) =>
    (await api(server.url, 'GET', `/api/v1/campaigns/current?areaId=${areaId}`, { token: county })).body.targets.find(
      (t: { indicator: string; deadline: string }) => t.indicator === Q1.indicator && t.deadline === Q1.deadline,
    )

  it('shows an override with its inherited value, and the inheritance chain after town and village overrides', async () => {
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 40, setByAreaId: 'c1', setByLevel: 'county', inherited: null })

    const put = await api(server.url, 'PUT', '/api/v1/targets', { token: town, body: { ...Q1, areaId: 't1-v01', targetPct: 60 } })
    expect(put.status).toBe(200)
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 60, setByLevel: 'village', inherited: { targetPct: 40, setByAreaId: 'c1', setByLevel: 'county' } })

    await api(server.url, 'PUT', '/api/v1/targets', { token: town, body: { ...Q1, targetPct: 50 } })
    expect(await q1('t1')).toMatchObject({ targetPct: 50, setByLevel: 'town', inherited: { targetPct: 40, setByLevel: 'county' } })
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 60, setByLevel: 'village', inherited: { targetPct: 50, setByAreaId: 't1', setByLevel: 'town' } })
    expect(await q1('t1-v02')).toMatchObject({ targetPct: 50, setByLevel: 'town', inherited: null })

    const status = await api(server.url, 'GET', '/api/v1/targets/status?areaId=t1-v01', { token: town })
    expect(status.body.items.find((i: { indicator: string; deadline: string }) => i.indicator === 'installed' && i.deadline === Q1.deadline)).toMatchObject({
      targetPct: 60,
      inherited: { targetPct: 50 },
    })
  })

  it('restores inheritance (恢复继承), audited, and refuses what cannot be restored', async () => {
    const del = (token: string, query: string) => api(server.url, 'DELETE', `/api/v1/targets?${query}`, { token })
    const res = await del(town, `areaId=t1-v01&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)
    expect(res.status).toBe(200)
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 50, setByAreaId: 't1', setByLevel: 'town', inherited: null })
    const restored = await audit('target.restore')
    expect(restored.map((r) => [r.user_id, r.entity_id])).toEqual([['u-t1', `camp-2026/t1-v01/installed/${Q1.deadline}`]])
    expect(JSON.parse(restored[0].detail)).toMatchObject({ removedPct: 60 })
    expect((await audit('target.set')).length).toBe(2)

    // Nothing of its own left to restore.
    const again = await del(town, `areaId=t1-v01&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)
    expect([again.status, again.body.error.code]).toEqual([404, 'TARGET_NOT_FOUND'])
    // The campaign's own (county) target is the base.
    const base = await del(county, `areaId=c1&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)
    expect([base.status, base.body.error.code]).toEqual([422, 'TARGET_IS_BASE'])
    // A village head cannot, nor can a town official outside the town; bad keys are validation errors.
    expect((await del(head, `areaId=t1-v01&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)).status).toBe(403)
    expect((await del(town, `areaId=t2&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)).status).toBe(403)
    expect((await del(town, `areaId=t1&indicator=nothing&deadline=${Q1.deadline}`)).status).toBe(400)
    // The town's own override can be restored by the county too.
    expect((await del(county, `areaId=t1&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)).status).toBe(200)
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 40, setByLevel: 'county' })
  })
})

// 新建宣传行动 on a deployment without a campaign: the county's, then a town's own, which then applies to its villages.
describe(`creating a campaign (${TEST_DIALECT})`, () => {
  let server: TestServer
  let county: string
  let town: string
  let head: string

  const PLAN = [
    { name: '筹划准备', startsOn: '2026-11-10', endsOn: '2026-11-20' },
    { name: '集中宣传', startsOn: '2026-11-21', endsOn: '2027-03-31' },
    { name: '评估考核', startsOn: '2027-04-01', endsOn: '2027-04-30' },
  ]
  const TARGETS = [
    { indicator: 'installed', targetPct: 70, deadline: '2027-03-31' },
    { indicator: 'visit_coverage', targetPct: 100, deadline: '2027-04-30' },
  ]

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => china(2026, 11, 25, 10) })
    // The demo seed always sets up the county's campaign; a fresh deployment has none.
    for (const table of ['targets', 'campaign_phases', 'campaigns'] as const) await server.db.kysely.deleteFrom(table).execute()
    county = await loginAs(server.url, 'demo-county')
    town = await loginAs(server.url, 'demo-t1')
    head = await loginAs(server.url, 'demo-t1-v01')
  })
  afterAll(async () => server?.close())

  const post = (token: string, body: unknown) => api(server.url, 'POST', '/api/v1/campaigns', { token, body })
  const current = (token: string, areaId?: string) =>
    api(server.url, 'GET', `/api/v1/campaigns/current${areaId ? `?areaId=${areaId}` : ''}`, { token })
  const created = () => server.db.kysely.selectFrom('audit_log').select(['user_id', 'entity_id', 'detail']).where('action', '=', 'campaign.create').orderBy('seq').execute()

  it('starts with no campaign anywhere', async () => {
    const res = await current(town)
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND'])
    expect(res.body.error.message).toBe('本区域尚未设立宣传行动')
  })

  it('refuses village heads and grid workers', async () => {
    const worker = await loginAs(server.url, 'demo-t1-v01-g1')
    for (const token of [head, worker]) {
      const res = await post(token, { name: '村里的行动', phases: PLAN })
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    expect(await server.db.kysely.selectFrom('campaigns').select('id').execute()).toHaveLength(0)
  })

  it('refuses bad phases and targets with stable codes', async () => {
    const cases: [unknown, number, string][] = [
      [{ phases: [{ name: '集中宣传', startsOn: '2026-12-01', endsOn: '2026-11-30' }] }, 422, 'PHASE_ENDS_BEFORE_START'],
      [{ phases: [PLAN[1], PLAN[0]] }, 422, 'PHASES_OVERLAP'],
      [{ phases: [] }, 400, 'VALIDATION_FAILED'],
      [{ phases: PLAN, targets: [{ ...TARGETS[0], deadline: '2027-05-01' }] }, 422, 'TARGET_DEADLINE_OUTSIDE'],
      [{ phases: PLAN, targets: [TARGETS[0], { ...TARGETS[0], targetPct: 50 }] }, 400, 'VALIDATION_FAILED'],
      [{ phases: PLAN, targets: [{ ...TARGETS[0], targetPct: 101 }] }, 400, 'VALIDATION_FAILED'],
      [{ phases: PLAN, targets: [{ ...TARGETS[0], indicator: 'nothing' }] }, 400, 'VALIDATION_FAILED'],
      [{ name: ' ', phases: PLAN }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [body, status, code] of cases) {
      const res = await post(town, { name: '行动', ...(body as object) })
      expect([res.status, res.body.error?.code]).toEqual([status, code])
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(await created()).toHaveLength(0)
  })

  it("creates the county's campaign with its targets, which the villages then inherit, audited", async () => {
    const res = await post(county, { name: ' 青禾县反诈宣传入户行动 ', phases: PLAN, targets: TARGETS })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      campaign: { name: '青禾县反诈宣传入户行动', areaId: 'c1', startsOn: '2026-11-10', endsOn: '2027-04-30' },
      areaId: 'c1',
      areaLevel: 'county',
    })
    expect(res.body.phases.map((p: { name: string; current: boolean }) => [p.name, p.current])).toEqual([
      ['筹划准备', false],
      ['集中宣传', true],
      ['评估考核', false],
    ])
    const village = await current(head)
    expect(village.status).toBe(200)
    expect(village.body.campaign.id).toBe(res.body.campaign.id)
    expect(village.body.targets).toHaveLength(2)
    expect(village.body.targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ indicator: 'installed', targetPct: 70, setByAreaId: 'c1', setByLevel: 'county', inherited: null }),
        expect.objectContaining({ indicator: 'visit_coverage', targetPct: 100, setByAreaId: 'c1' }),
      ]),
    )
    const status = await api(server.url, 'GET', '/api/v1/targets/status', { token: head })
    expect(status.status).toBe(200)
    expect(status.body.items).toHaveLength(2)

    const rows = await created()
    expect(rows.map((r) => [r.user_id, r.entity_id])).toEqual([['u-c1', res.body.campaign.id]])
    expect(JSON.parse(rows[0].detail)).toMatchObject({ areaId: 'c1', startsOn: '2026-11-10', endsOn: '2027-04-30', targets: TARGETS })
  })

  it('refuses a second campaign of the same area with overlapping dates, but takes a successor', async () => {
    const overlap = await post(county, { name: '第二个行动', phases: [{ name: '集中宣传', startsOn: '2027-04-30', endsOn: '2027-06-30' }] })
    expect([overlap.status, overlap.body.error.code]).toEqual([409, 'CAMPAIGN_OVERLAPS'])
    const next = await post(county, { name: '2027年下半年行动', phases: [{ name: '巩固提升', startsOn: '2027-05-01', endsOn: '2027-12-31' }] })
    expect(next.status).toBe(201)
    // Not running yet: the current campaign is still the first one.
    expect(next.body.campaign.name).toBe('青禾县反诈宣传入户行动')
    expect(await created()).toHaveLength(2)
  })

  it("makes a town's own running campaign the current one for the town and its villages only", async () => {
    const res = await post(town, { name: '一镇反诈攻坚行动', phases: [{ name: '集中攻坚', startsOn: '2026-11-20', endsOn: '2027-01-31' }], targets: [{ indicator: 'installed', targetPct: 90, deadline: '2027-01-31' }] })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ campaign: { areaId: 't1', startsOn: '2026-11-20', endsOn: '2027-01-31' }, areaId: 't1' })
    const village = await current(head)
    expect(village.body.campaign.id).toBe(res.body.campaign.id)
    // The county's targets belong to the county's campaign and no longer apply in this town.
    expect(village.body.targets).toEqual([expect.objectContaining({ indicator: 'installed', targetPct: 90, setByAreaId: 't1', setByLevel: 'town' })])
    const other = await current(county, 't2')
    expect(other.body.campaign.areaId).toBe('c1')
    expect(other.body.targets).toHaveLength(2)
    // The town now owns its current campaign: it may edit it, and a second overlapping one is refused.
    const edit = await api(server.url, 'PUT', '/api/v1/campaigns/current', { token: town, body: { name: '一镇反诈攻坚行动（修订）', phases: [{ name: '集中攻坚', startsOn: '2026-11-20', endsOn: '2027-02-28' }] } })
    expect(edit.status).toBe(200)
    const again = await post(town, { name: '重复', phases: [{ name: '集中攻坚', startsOn: '2027-02-01', endsOn: '2027-03-31' }] })
    expect([again.status, again.body.error.code]).toEqual([409, 'CAMPAIGN_OVERLAPS'])
    expect((await created()).map((r) => r.user_id)).toEqual(['u-c1', 'u-c1', 'u-t1'])
  })
})
