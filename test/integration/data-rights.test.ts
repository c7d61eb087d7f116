// Residents' rights (PIPL) on the real server, SQLite and PostgreSQL: the signing page's notice period from the
// settings; 查阅 / 更正 / 撤回 requests from a resident's link and from a worker, decided by the officials of the area
// (a withdrawn pledge stops counting, its name and signature image are erased), each step audited; and the retention
// purge: a dry run lists, a real run deletes images and personal fields, and every figure for past periods stays.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { createSignLink } from '../../src/core/sign-link'
import { ERASED_TEXT } from '../../src/core/data-request'
import { LocalDiskStore } from '../../server/src/blob/local-disk-store'
import { purgeExpired } from '../../server/src/services/retention'
import { figuresAt } from '../../server/src/services/rankings'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(120_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

const MEDIA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-rights-'))
const blobs = new LocalDiskStore(MEDIA_DIR)
const RETENTION_DAYS = 200
const G1 = 't1-v01-g1'
const hh = (grid: string, n: number) => `${grid}-h${String(n).padStart(3, '0')}`

const PHOTO = makeJpeg(320, 240, { seed: 11 })
const SCREENSHOT = makePng(300, 600, { seed: 12 })
const SIGNATURE = makePng(200, 80, { seed: 13 })
const RESIDENT_SIGNATURE = makePng(160, 64, { seed: 14 })

let server: TestServer
let clock = china(2026, 11, 20, 10)
let worker: string

const at = () => new Date(clock).toISOString()
const get = (as: string | undefined, p: string) => api(server.url, 'GET', p, { token: as })
const post = (as: string | undefined, p: string, body: unknown) => api(server.url, 'POST', p, { token: as, body })
const audits = (action: string) => server.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute()
const envelope = (householdId: string) => ({ id: newId(clock), householdId, replaces: null, deviceId: 'dev', createdAt: at() })

async function upload(bytes: Buffer, token = worker) {
  const res = await fetch(`${server.url}/api/v1/media/${sha256(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
    body: bytes,
  })
  expect(res.status).toBe(200)
}

async function push(records: unknown[], token = worker) {
  const res = await post(token, '/api/v1/sync/push', { records })
  expect(res.status).toBe(200)
  expect(res.body.results.filter((r: { status: string }) => r.status !== 'stored')).toEqual([])
}

async function pledgeRecord(householdId: string, signer: string) {
  const t = await server.db.kysely.selectFrom('pledge_templates').select(['id', 'content_hash']).executeTakeFirstOrThrow()
  return {
    ...envelope(householdId),
    kind: 'pledge',
    body: { templateId: t.id, templateHash: t.content_hash, signerName: signer, residentId: null, signatureSha: sha256(SIGNATURE), signedAt: at(), channel: 'worker_device' },
  }
}

/** A signing link as the worker's phone makes it; not yet signed. */
async function signingLink(householdId: string): Promise<string> {
  const me = await get(worker, '/api/v1/me')
  const key = (await get(worker, '/api/v1/me/link-key')).body.linkKey as string
  const tpl = (await get(worker, '/api/v1/pledge-templates/current')).body
  return createSignLink(key, { u: me.body.id, h: householdId, t: tpl.id, v: tpl.contentHash, iat: clock, n: randomBytes(12).toString('base64url') })
}

async function householdPledges(id: string) {
  return Number((await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', id).executeTakeFirstOrThrow()).pledge_count)
}

async function pledgedIn(areaId: string, token: string) {
  const res = await get(token, `/api/v1/coverage?areaId=${areaId}`)
  expect(res.status).toBe(200)
  return res.body.area.pledgedHouseholds as number
}

beforeAll(async () => {
  server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 9, 1) }, now: () => clock, config: { MEDIA_DIR, RETENTION_DAYS } })
  worker = await loginAs(server.url, `demo-${G1}`)
})
afterAll(async () => {
  await server?.close()
  fs.rmSync(MEDIA_DIR, { recursive: true, force: true })
})

describe(`residents' data requests (${TEST_DIALECT})`, () => {
  let link: string
  let withdrawId: string
  let pledgeId: string

  it('the signing page states the retention period the deployment set', async () => {
    link = await signingLink(hh(G1, 1))
    const view = await get(undefined, `/api/v1/public/sign/${link}`)
    expect(view.status).toBe(200)
    expect(view.body.retentionDays).toBe(RETENTION_DAYS)
  })

  it('a resident signs, then asks from the copy page to withdraw: the request names the pledge the link signed', async () => {
    const before = await householdPledges(hh(G1, 1))
    const signed = await post(undefined, `/api/v1/public/sign/${link}`, { signerName: '李秀英', signaturePng: RESIDENT_SIGNATURE.toString('base64') })
    expect(signed.status).toBe(200)
    expect(await householdPledges(hh(G1, 1))).toBe(before + 1)
    pledgeId = (await server.db.kysely.selectFrom('sign_links').select('record_id').executeTakeFirstOrThrow()).record_id
    withdrawId = newId(clock)
    const sent = await post(undefined, `/api/v1/public/feedback/${link}`, { id: withdrawId, category: 'personal_info', request: 'withdraw', text: '我要撤回承诺书', contactPhone: null })
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ id: withdrawId, request: 'withdraw', decision: null, status: 'pending' })
    const row = await server.db.kysely.selectFrom('feedback').select(['record_id', 'request_kind']).where('id', '=', withdrawId).executeTakeFirstOrThrow()
    expect(row).toEqual({ record_id: pledgeId, request_kind: 'withdraw' })
  })

  it('only officials of the area see the request, with the pledge as stored; the list is audited', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    const list = await get(head, '/api/v1/data-requests')
    expect(list.status).toBe(200)
    const mine = list.body.items.find((r: { item: { id: string } }) => r.item.id === withdrawId)
    expect(mine.pledge).toMatchObject({ recordId: pledgeId, signerName: '李秀英', withdrawn: false })
    expect((await audits('data_request.list')).length).toBeGreaterThan(0)
    const otherHead = await loginAs(server.url, 'demo-t1-v02')
    const other = await get(otherHead, '/api/v1/data-requests')
    expect(other.body.items.map((r: { item: { id: string } }) => r.item.id)).not.toContain(withdrawId)
    const refused = await post(otherHead, `/api/v1/data-requests/${withdrawId}/decide`, { decision: 'withdrawn', answer: '已撤回' })
    expect([refused.status, refused.body.error.code]).toEqual([404, 'DATA_REQUEST_NOT_FOUND'])
    expect((await get(worker, '/api/v1/data-requests')).status).toBe(403)
    // The town's general inbox cannot close it without its decision.
    const town = await loginAs(server.url, 'demo-t1')
    const closed = await post(town, `/api/v1/feedback/${withdrawId}/answer`, { status: 'answered', answer: '好的' })
    expect([closed.status, closed.body.error.code]).toEqual([409, 'DATA_REQUEST_DECIDE_THERE'])
  })

  it('withdrawn: the pledge stops counting, its name and signature image are erased, the step is audited', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    const sigSha = sha256(RESIDENT_SIGNATURE)
    expect(await blobs.has(sigSha)).toBe(true)
    const pledgedBefore = await pledgedIn('t1-v01', head)
    const countBefore = await householdPledges(hh(G1, 1))
    const decided = await post(head, `/api/v1/data-requests/${withdrawId}/decide`, { decision: 'withdrawn', answer: '您的承诺书已撤回，签名和姓名已删除' })
    expect(decided.status).toBe(200)
    expect(decided.body.item).toMatchObject({ status: 'answered', decision: 'withdrawn' })
    expect(decided.body.pledge).toMatchObject({ withdrawn: true, signerName: ERASED_TEXT })
    expect(await householdPledges(hh(G1, 1))).toBe(countBefore - 1)
    expect(await pledgedIn('t1-v01', head)).toBe(pledgedBefore - (countBefore === 1 ? 1 : 0))
    expect(await blobs.has(sigSha)).toBe(false)
    expect(await server.db.kysely.selectFrom('media').select('sha256').where('sha256', '=', sigSha).execute()).toEqual([])
    const record = await server.db.kysely.selectFrom('records').select(['body', 'withdrawn_at']).where('id', '=', pledgeId).executeTakeFirstOrThrow()
    expect(record.withdrawn_at).not.toBeNull()
    expect(record.body).not.toContain('李秀英')
    const pledge = await server.db.kysely.selectFrom('pledges').select(['signer_name', 'signer_key']).where('record_id', '=', pledgeId).executeTakeFirstOrThrow()
    expect(pledge.signer_name).toBe(ERASED_TEXT)
    expect(pledge.signer_key).not.toContain('李')
    const audit = await audits('data_request.withdraw')
    expect(audit.map((a) => a.entity_id)).toEqual([withdrawId])
    expect(JSON.parse(audit[0].detail)).toMatchObject({ record: pledgeId, imagesErased: 1 })
    const again = await post(head, `/api/v1/data-requests/${withdrawId}/decide`, { decision: 'answered', answer: '再次' })
    expect([again.status, again.body.error.code]).toEqual([409, 'DATA_REQUEST_DECIDED'])
    // The resident reads the answer on the copy page.
    const theirs = await get(undefined, `/api/v1/public/feedback/${link}`)
    expect(theirs.body.items.find((i: { id: string }) => i.id === withdrawId)).toMatchObject({ decision: 'withdrawn', answer: expect.stringContaining('已撤回') })
  })

  it('a worker files a correction naming a pledge of their grid; the official corrects the name', async () => {
    const record = await pledgeRecord(hh(G1, 2), '王小明')
    await push([record])
    const foreign = await post(worker, '/api/v1/feedback', { id: newId(clock), category: 'personal_info', request: 'correct', text: '姓名写错', recordId: 'no-such-record' })
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'DATA_REQUEST_RECORD_NOT_FOUND'])
    const id = newId(clock)
    const sent = await post(worker, '/api/v1/feedback', { id, category: 'personal_info', request: 'correct', text: '居民说姓名应为王晓明', recordId: record.id })
    expect(sent.status).toBe(201)
    const town = await loginAs(server.url, 'demo-t1')
    const noName = await post(town, `/api/v1/data-requests/${id}/decide`, { decision: 'corrected', answer: '已更正' })
    expect([noName.status, noName.body.error.code]).toEqual([422, 'DATA_REQUEST_NAME_REQUIRED'])
    const count = await householdPledges(hh(G1, 2))
    const done = await post(town, `/api/v1/data-requests/${id}/decide`, { decision: 'corrected', answer: '已更正为王晓明', signerName: '王晓明' })
    expect(done.status).toBe(200)
    expect(done.body.pledge).toMatchObject({ signerName: '王晓明', withdrawn: false })
    expect(await householdPledges(hh(G1, 2))).toBe(count)
    const stored = await server.db.kysely.selectFrom('records').select('body').where('id', '=', record.id).executeTakeFirstOrThrow()
    expect(JSON.parse(stored.body).body.signerName).toBe('王晓明')
    expect((await audits('data_request.correct')).map((a) => a.entity_id)).toEqual([id])
  })

  it('查阅 is answered; a request with no pledge can only be answered', async () => {
    const id = newId(clock)
    expect((await post(worker, '/api/v1/feedback', { id, category: 'personal_info', request: 'see', text: '居民想知道登记了哪些信息' })).status).toBe(201)
    const county = await loginAs(server.url, 'demo-county')
    const withdraw = await post(county, `/api/v1/data-requests/${id}/decide`, { decision: 'withdrawn', answer: '撤回' })
    expect([withdraw.status, withdraw.body.error.code]).toEqual([422, 'DATA_REQUEST_NO_PLEDGE'])
    const answered = await post(county, `/api/v1/data-requests/${id}/decide`, { decision: 'answered', answer: '登记了户主姓名、门牌号和家庭成员出生年份' })
    expect(answered.body.item).toMatchObject({ decision: 'answered', status: 'answered' })
    expect((await audits('data_request.answer')).map((a) => a.entity_id)).toEqual([id])
  })
})

/** Every figure a dashboard shows for past periods, as read before and after a purge. */
interface Figures {
  coverage: unknown
  report: { current: { visits: number; installed: number; pledged: number }; previous: unknown; children: unknown; summary: unknown }
  ranking: unknown
  countyRanking: unknown
}

describe(`retention purge (${TEST_DIALECT})`, () => {
  const CAMPAIGN_ENDS = '2027-06-30'
  const DUE = china(2028, 1, 16, 12) // 2027-06-30 + 200 days = 2028-01-16
  let installSha: string
  let figures: () => Promise<Figures>

  beforeAll(async () => {
    clock = china(2026, 11, 24, 10)
    const resident = await server.db.kysely
      .selectFrom('residents')
      .select('id')
      .where('household_id', '=', hh(G1, 3))
      .where('birth_year', '>=', 1966)
      .where('birth_year', '<=', 2010)
      .executeTakeFirstOrThrow()
    for (const b of [PHOTO, SCREENSHOT, SIGNATURE]) await upload(b)
    installSha = sha256(SCREENSHOT)
    const visit = visitRecord(hh(G1, 3), 'met', { id: newId(clock), createdAt: at() })
    await push([
      { ...visit, body: { ...visit.body, visitedAt: at(), notes: '户主李大爷说儿子在外地', location: { lat: 30.1, lng: 120.2, accuracy: 10 }, photoShas: [sha256(PHOTO)] } },
      await pledgeRecord(hh(G1, 3), '李大爷'),
      {
        ...envelope(hh(G1, 3)),
        kind: 'install',
        body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: '2026-11-24' }], screenshotShas: [installSha], notes: '' },
      },
      {
        ...envelope(hh(G1, 4)),
        kind: 'handout',
        body: { items: [{ materialId: 'mat-notice', quantity: 1 }], recipientName: '赵六', residentId: null, receiptSignatureSha: sha256(SIGNATURE), handedAt: at() },
      },
    ])
    clock = china(2026, 12, 3, 10)
    const county = await loginAs(server.url, 'demo-county')
    const head = await loginAs(server.url, 'demo-t1-v01')
    const countyArea = await server.db.kysely.selectFrom('areas').selectAll().where('level', '=', 'county').executeTakeFirstOrThrow()
    const town = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow()
    // Every figure a dashboard shows for past periods: coverage, the weekly ranking's figures, the monthly report.
    figures = async (): Promise<Figures> => {
      const coverage = (await get(county, '/api/v1/coverage')).body
      const report = (await get(head, '/api/v1/reports/monthly?month=2026-11')).body
      const ranking = [...(await figuresAt(server.db, town, china(2026, 11, 30))).entries()].sort()
      const countyRanking = [...(await figuresAt(server.db, countyArea, china(2026, 11, 30))).entries()].sort()
      return {
        coverage: { area: coverage.area, rows: coverage.rows },
        report: { current: report.current, previous: report.previous, children: report.children, summary: report.summary },
        ranking,
        countyRanking,
      }
    }
  })

  it('lists nothing before the retention period has passed', async () => {
    const plan = await purgeExpired({ db: server.db, blobs }, china(2028, 1, 15, 12), RETENTION_DAYS, { dryRun: true })
    expect(plan).toMatchObject({ campaigns: [], records: 0, images: [], counties: [] })
  })

  it('a dry run lists the campaign, its images and the register, and changes nothing', async () => {
    const before = await figures()
    const plan = await purgeExpired({ db: server.db, blobs }, DUE, RETENTION_DAYS, { dryRun: true })
    expect(plan.campaigns).toEqual([expect.objectContaining({ id: 'camp-2026', endsOn: CAMPAIGN_ENDS, dueOn: '2028-01-16' })])
    expect(plan.records).toBeGreaterThanOrEqual(5)
    expect(plan.images).toEqual([sha256(PHOTO), installSha, sha256(SIGNATURE)].sort())
    expect(plan.counties).toHaveLength(1)
    expect(plan.counties[0].residents).toBeGreaterThan(0)
    for (const sha of plan.images) expect(await blobs.has(sha)).toBe(true)
    expect((await server.db.kysely.selectFrom('pledges').select('signer_name').where('signer_name', '=', '李大爷').execute()).length).toBe(1)
    expect(await figures()).toEqual(before)
    expect((await audits('retention.plan')).length).toBeGreaterThan(0)
  })

  it('a real run deletes images and personal fields; every figure for past periods stays as it was', async () => {
    const before = await figures()
    // Figures that the purged records make: a visit, an install step, a pledge in November.
    expect(before.report.current).toMatchObject({ visits: expect.any(Number), installed: 1 })
    expect(before.report.current.visits).toBeGreaterThan(0)
    expect(before.report.current.pledged).toBeGreaterThan(0)
    const named = await server.db.kysely.selectFrom('residents').select(['id', 'name', 'phone']).where('phone', 'is not', null).limit(1).executeTakeFirstOrThrow()
    const plan = await purgeExpired({ db: server.db, blobs }, DUE, RETENTION_DAYS, { dryRun: false })
    expect(plan.images).toHaveLength(3)
    for (const sha of plan.images) {
      expect(await blobs.has(sha)).toBe(false)
      expect(await server.db.kysely.selectFrom('media').select('sha256').where('sha256', '=', sha).execute()).toEqual([])
    }
    const k = server.db.kysely
    expect(await k.selectFrom('pledges').select('signer_name').where('signer_name', '<>', ERASED_TEXT).execute()).toEqual([])
    const bodies = (await k.selectFrom('records').select('body').where('campaign_id', '=', 'camp-2026').execute()).map((r) => r.body).join('\n')
    for (const personal of ['李大爷', '赵六', '王晓明', '儿子在外地', '"lat"']) expect(bodies).not.toContain(personal)
    const resident = await k.selectFrom('residents').select(['name', 'phone']).where('id', '=', named.id).executeTakeFirstOrThrow()
    expect(resident).toEqual({ name: ERASED_TEXT, phone: null })
    expect(await k.selectFrom('residents').select('id').where('name', '<>', ERASED_TEXT).execute()).toEqual([])
    expect(await k.selectFrom('households').select('id').where('head_name', '<>', ERASED_TEXT).execute()).toEqual([])
    expect(await figures()).toEqual(before)
    const purged = await audits('retention.purge')
    expect(JSON.parse(purged[0].detail)).toMatchObject({ campaigns: ['camp-2026'], images: 3 })
    // Done once: a later run finds nothing left.
    expect(await purgeExpired({ db: server.db, blobs }, DUE + 86_400_000, RETENTION_DAYS, { dryRun: true })).toMatchObject({ campaigns: [], images: [], counties: [] })
  })

  it('runs from the command line as a dry run unless --apply is given', async () => {
    const { stdout } = await promisify(execFile)(
      path.resolve(__dirname, '../../node_modules/.bin/tsx'),
      [path.resolve(__dirname, '../../server/src/jobs/retention-purge.ts')],
      { env: { ...process.env, ...server.dbHandle.env, MEDIA_DIR, RETENTION_DAYS: '30', LOG_LEVEL: 'silent' }, cwd: path.resolve(__dirname, '../..') },
    )
    expect(stdout).toContain('试运行')
    expect(stdout).toContain('活动结束后保留 30 天')
  })
})

describe(`rankings as coverage statistics (${TEST_DIALECT})`, () => {
  it('by default a town or the county sees the week’s work by grid, naming no worker; the village head sees the names', async () => {
    const workerNames = (await server.db.kysely.selectFrom('users').select('name').where('role', '=', 'worker').execute()).map((u) => u.name)
    for (const code of ['demo-t1', 'demo-county']) {
      const res = await get(await loginAs(server.url, code), '/api/v1/activity')
      expect(res.status).toBe(200)
      const names: string[] = res.body.workers.map((w: { name: string }) => w.name)
      expect(names.length).toBeGreaterThan(0)
      expect(names.filter((n) => workerNames.includes(n))).toEqual([])
      expect(names).toContain(`${res.body.workers.find((w: { gridName: string | null }) => w.gridName).gridName}（网格员）`)
    }
    const head = await get(await loginAs(server.url, 'demo-t1-v01'), '/api/v1/activity')
    expect(head.body.workers.some((w: { name: string }) => workerNames.includes(w.name))).toBe(true)
    // The published ranking lists areas only.
    const ranking = JSON.stringify((await get(await loginAs(server.url, 'demo-t1'), '/api/v1/rankings')).body)
    expect(workerNames.filter((n) => ranking.includes(n))).toEqual([])
  })

  it('RANKING_NAMES=named names the workers in a town’s view', async () => {
    const named = await startTestServer({ config: { RANKING_NAMES: 'named' } })
    try {
      const res = await api(named.url, 'GET', '/api/v1/activity', { token: await loginAs(named.url, 'demo-t1') })
      const workerNames = (await named.db.kysely.selectFrom('users').select('name').where('role', '=', 'worker').execute()).map((u) => u.name)
      expect(res.body.workers.filter((w: { name: string }) => workerNames.includes(w.name)).length).toBeGreaterThan(0)
    } finally {
      await named.close()
    }
  })
})
