// One campaign in force per area and time: a town's own campaign is the one its workers' records and pledges go by,
// the one their phones pull, and the one its dashboards and rankings show; other towns keep the county's.
import { runWeeklyRanking } from '../../server/src/jobs/weekly-ranking'
import { api, loginAs, startTestServer, SMALL_COUNTY, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)
const COUNTY_CAMPAIGN = 'camp-2026'
const T1_HH = 't1-v01-g1-h001'
const T2_HH = 't2-v01-g1-h001'

describe(`the campaign in force for an area (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = china(2026, 11, 18, 10)
  let town: string
  let head: string
  let worker: string
  let otherWorker: string
  let townCampaign: string

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => clock })
    town = await loginAs(server.url, 'demo-t1')
    head = await loginAs(server.url, 'demo-t1-v01')
    worker = await loginAs(server.url, 'demo-t1-v01-g1')
    otherWorker = await loginAs(server.url, 'demo-t2-v01-g1')
  })
  afterAll(async () => server?.close())

  const get = (token: string, path: string) => api(server.url, 'GET', path, { token })
  const push = async (token: string, records: unknown[]) => {
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
  }
  const stamped = async (ids: string[]) => {
    const rows = await server.db.kysely.selectFrom('records').select(['id', 'campaign_id']).where('id', 'in', ids).execute()
    return Object.fromEntries(rows.map((r) => [r.id, r.campaign_id]))
  }
  const pledge = async (token: string, householdId: string, signerName: string) => {
    const t = (await get(token, '/api/v1/pledge-templates/current')).body
    const at = new Date(clock).toISOString()
    return {
      id: newId(clock),
      kind: 'pledge',
      householdId,
      replaces: null,
      deviceId: 'test-device',
      createdAt: at,
      body: { templateId: t.id, templateHash: t.contentHash, signerName, residentId: null, signatureSha: 'e'.repeat(64), signedAt: at, channel: 'worker_device' },
    }
  }
  const pledgesOf = async (householdId: string) => {
    const list = (await get(head, '/api/v1/pledges?areaId=t1-v01&limit=100')).body.items as { recordId: string; householdId: string; duplicate: boolean; duplicateOf: string | null }[]
    return list.filter((p) => p.householdId === householdId)
  }

  it("stamps a town's records with the county's campaign until the town has its own", async () => {
    const first = await pledge(worker, T1_HH, '张伟')
    await push(worker, [first])
    expect(await stamped([first.id])).toEqual({ [first.id]: COUNTY_CAMPAIGN })
    expect((await get(worker, '/api/v1/sync/pull?cursor=0&limit=1')).body.campaign.id).toBe(COUNTY_CAMPAIGN)
  })

  it("lets the town create its own campaign, which then is the town's, not the other town's", async () => {
    const res = await api(server.url, 'POST', '/api/v1/campaigns', {
      token: town,
      body: { name: '一镇反诈攻坚行动', phases: [{ name: '集中攻坚', startsOn: '2026-11-20', endsOn: '2027-01-31' }], targets: [{ indicator: 'installed', targetPct: 90, deadline: '2027-01-31' }] },
    })
    expect(res.status).toBe(201)
    // Made ahead of its start on the 20th: until then the county's, which runs, stays in force.
    expect(res.body.campaign.id).toBe(COUNTY_CAMPAIGN)
    townCampaign = (await server.db.kysely.selectFrom('campaigns').select('id').where('area_id', '=', 't1').executeTakeFirstOrThrow()).id
    clock = china(2026, 11, 25, 10)
  })

  it("stamps the town's workers' records with the town's campaign and the other town's with the county's", async () => {
    const visit = visitRecord(T1_HH)
    const elsewhere = visitRecord(T2_HH)
    await push(worker, [visit])
    await push(otherWorker, [elsewhere])
    expect(await stamped([visit.id, elsewhere.id])).toEqual({ [visit.id]: townCampaign, [elsewhere.id]: COUNTY_CAMPAIGN })
  })

  it("de-duplicates pledges within the town's campaign: a signer of the county's campaign signs anew once", async () => {
    const again = await pledge(worker, T1_HH, '张伟')
    const repeat = await pledge(worker, T1_HH, '张伟')
    await push(worker, [again, repeat])
    const rows = await server.db.kysely.selectFrom('pledges').select(['record_id', 'campaign_id', 'duplicate_of']).where('record_id', 'in', [again.id, repeat.id]).execute()
    expect(Object.fromEntries(rows.map((r) => [r.record_id, [r.campaign_id, r.duplicate_of]]))).toEqual({
      [again.id]: [townCampaign, null],
      [repeat.id]: [townCampaign, again.id],
    })
    const listed = await pledgesOf(T1_HH)
    expect(listed.filter((p) => !p.duplicate)).toHaveLength(2)
    expect(listed.find((p) => p.recordId === repeat.id)).toMatchObject({ duplicate: true, duplicateOf: again.id })
  })

  it("gives the town's phones the town's campaign and the other town's phones the county's", async () => {
    expect((await get(worker, '/api/v1/sync/pull?cursor=0&limit=1')).body.campaign).toMatchObject({ id: townCampaign, name: '一镇反诈攻坚行动', startsOn: '2026-11-20', endsOn: '2027-01-31' })
    expect((await get(otherWorker, '/api/v1/sync/pull?cursor=0&limit=1')).body.campaign.id).toBe(COUNTY_CAMPAIGN)
  })

  it('shows the same campaign on the dashboards and target pages of the town, its villages and grids', async () => {
    for (const [token, areaId] of [[town, 't1'], [town, 't1-v01'], [head, 't1-v01'], [head, 't1-v01-g1'], [worker, 't1-v01-g1']] as const) {
      expect((await get(token, `/api/v1/campaigns/current?areaId=${areaId}`)).body.campaign.id).toBe(townCampaign)
    }
    const status = await get(town, '/api/v1/targets/status?areaId=t1-v01')
    expect(status.body.campaignId).toBe(townCampaign)
    expect(status.body.items).toEqual([expect.objectContaining({ indicator: 'installed', targetPct: 90, setByAreaId: 't1' })])
    const county = await loginAs(server.url, 'demo-county')
    expect((await get(county, '/api/v1/targets/status?areaId=t2')).body.campaignId).toBe(COUNTY_CAMPAIGN)
    expect((await get(county, '/api/v1/campaigns/current')).body.campaign.id).toBe(COUNTY_CAMPAIGN)
  })

  it("ranks the town's villages under the town's campaign and the county's towns under the county's", async () => {
    // Week of 2026-11-23 ends 2026-11-29: the town's campaign runs then.
    await runWeeklyRanking(server.db, china(2026, 11, 30, 7), 'test')
    const rankings = await server.db.kysely.selectFrom('rankings').select(['area_id', 'campaign_id']).where('week_start', '=', china(2026, 11, 23)).execute()
    expect(Object.fromEntries(rankings.map((r) => [r.area_id, r.campaign_id]))).toEqual({ c1: COUNTY_CAMPAIGN, t1: townCampaign, t2: COUNTY_CAMPAIGN })
  })

  it("goes back to the county's campaign once the town's has ended", async () => {
    clock = china(2027, 2, 1, 10)
    // Sessions last 30 days.
    worker = await loginAs(server.url, 'demo-t1-v01-g1')
    head = await loginAs(server.url, 'demo-t1-v01')
    const visit = visitRecord(T1_HH)
    await push(worker, [visit])
    expect(await stamped([visit.id])).toEqual({ [visit.id]: COUNTY_CAMPAIGN })
    expect((await get(worker, '/api/v1/sync/pull?cursor=0&limit=1')).body.campaign.id).toBe(COUNTY_CAMPAIGN)
    expect((await get(head, '/api/v1/targets/status')).body.campaignId).toBe(COUNTY_CAMPAIGN)
  })
})
