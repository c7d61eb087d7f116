// Pledges end to end on the real server: template versions, resident signing links, the village's archive and
// its printable PDF (read back with PDF.js), and who may see what.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { SIGN_LINK_DAYS, createSignLink, readSignLink } from '../../src/core/sign-link'
import { templateContentHash } from '../../src/core/pledge-template'
import { SIGN_LIMIT } from '../../server/src/routes/public-sign'
import { deleteHousehold } from '../../server/src/services/households'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId } from '../helpers/records'
import { makeJpeg, makePng } from '../helpers/images'
import { pdfPages } from '../helpers/pdf-text'

const DAY = 86_400_000
const HH = 't1-v01-g1-h001'

let server: TestServer
let mediaDir: string
let worker: string
let workerId: string
let head: string
let otherHead: string
let town: string
let otherTown: string
let county: string
let townTwoWorker: string

type Template = { id: string; title: string; content: string; version: number; contentHash: string }

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-pledges-'))
  server = await startTestServer({ config: { MEDIA_DIR: mediaDir } })
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  head = await loginAs(server.url, 'demo-t1-v01')
  otherHead = await loginAs(server.url, 'demo-t1-v02')
  town = await loginAs(server.url, 'demo-t1')
  otherTown = await loginAs(server.url, 'demo-t2')
  county = await loginAs(server.url, 'demo-county')
  townTwoWorker = await loginAs(server.url, 'demo-t2-v01-g1')
  workerId = (await api(server.url, 'GET', '/api/v1/me', { token: worker })).body.id
})
afterAll(async () => {
  await server.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

const get = (token: string | undefined, p: string) => api(server.url, 'GET', p, { token })
const post = (token: string | undefined, p: string, body: unknown) => api(server.url, 'POST', p, { token, body })
const current = async (token: string): Promise<Template> => (await get(token, '/api/v1/pledge-templates/current')).body
const pull = async (token: string) => (await get(token, '/api/v1/sync/pull?cursor=0&limit=2000')).body
const audits = (action: string) => server.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

function workerPledge(householdId: string, t: { id: string; contentHash: string }, signerName: string, signatureSha = 'e'.repeat(64)) {
  const at = new Date().toISOString()
  return {
    id: newId(),
    kind: 'pledge',
    householdId,
    replaces: null,
    deviceId: 'test-device',
    createdAt: at,
    body: { templateId: t.id, templateHash: t.contentHash, signerName, residentId: null, signatureSha, signedAt: at, channel: 'worker_device' },
  }
}

async function pushOne(token: string, record: unknown) {
  const res = await post(token, '/api/v1/sync/push', { records: [record] })
  expect(res.status).toBe(200)
  return res.body.results[0]
}

async function fetchPdf(token: string, recordId: string) {
  const res = await fetch(`${server.url}/api/v1/pledges/${recordId}/pdf`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) }
}

describe('template versions', () => {
  let countyV1: Template

  it('gives every user the county’s v1 with its content hash, in /current and in the pull, with the materials', async () => {
    countyV1 = await current(worker)
    expect(countyV1).toMatchObject({ id: 'tpl-c1-v1', version: 1, title: '不参与电信网络诈骗活动的承诺书' })
    expect(countyV1.contentHash).toBe(templateContentHash(countyV1))
    expect(countyV1.content.length).toBeGreaterThan(200)
    const page = await pull(worker)
    expect(page.templates).toEqual([countyV1])
    const byId = Object.fromEntries(page.materials.map((m: { id: string; needsReceipt: boolean }) => [m.id, m.needsReceipt]))
    expect(byId).toEqual({ 'mat-notice': true, 'mat-letter': false, 'mat-card': true, 'mat-leaflet': false, 'mat-sign6': false })
    expect((await get(head, '/api/v1/materials')).body.materials).toEqual(page.materials)
  })

  it('lets only town officials and county administrators publish', async () => {
    const body = { title: '承诺书', content: '本人承诺不出租出借银行卡和电话卡，不参与跑分。' }
    expect((await post(worker, '/api/v1/pledge-templates', body)).status).toBe(403)
    expect((await post(head, '/api/v1/pledge-templates', body)).status).toBe(403)
    expect((await post(undefined, '/api/v1/pledge-templates', body)).status).toBe(401)
  })

  it('lets a town override the county with its own versions; other towns keep the county’s', async () => {
    const text = { title: '不参与电信网络诈骗活动的承诺书', content: `${countyV1.content}\n六、本镇补充：每月参加一次反诈宣讲。` }
    const first = await post(town, '/api/v1/pledge-templates', text)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ id: 'tpl-t1-v1', version: 1 })
    expect(first.body.contentHash).toBe(templateContentHash(text))
    // The same text again (a resend): no new version.
    const again = await post(town, '/api/v1/pledge-templates', { ...text, content: `${text.content.replace(/\n/g, '\r\n')}\n` })
    expect(again.status).toBe(200)
    expect(again.body.id).toBe('tpl-t1-v1')
    const second = await post(town, '/api/v1/pledge-templates', { ...text, content: `${text.content}（2026年修订）` })
    expect(second.body).toMatchObject({ id: 'tpl-t1-v2', version: 2 })

    const countyV2 = await post(county, '/api/v1/pledge-templates', { ...text, content: `${countyV1.content}（县2026年修订）` })
    expect(countyV2.body).toMatchObject({ id: 'tpl-c1-v2', version: 2 })

    expect((await current(worker)).id).toBe('tpl-t1-v2')
    expect((await pull(worker)).templates.map((t: Template) => t.id)).toEqual(['tpl-t1-v2'])
    expect((await current(townTwoWorker)).id).toBe('tpl-c1-v2')
    expect((await current(otherTown)).id).toBe('tpl-c1-v2')

    const published = await audits('pledge_template.publish')
    expect(published.map((a) => a.entity_id).sort()).toEqual(['tpl-c1-v2', 'tpl-t1-v1', 'tpl-t1-v2'])
  })

  it('accepts a pledge signed offline on an older version and records that version', async () => {
    const rec = workerPledge(HH, countyV1, '王建国')
    expect(await pushOne(worker, rec)).toMatchObject({ status: 'stored' })
    const detail = await get(head, `/api/v1/pledges/${rec.id}`)
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({ templateId: 'tpl-c1-v1', templateVersion: 1, templateHash: countyV1.contentHash, content: countyV1.content })
  })

  it('refuses a pledge on a version that does not exist, or a hash that does not belong to the version named', async () => {
    const unknown = await pushOne(worker, workerPledge(HH, { id: 'tpl-c1-v1', contentHash: 'f'.repeat(64) }, '王建国'))
    expect(unknown).toMatchObject({ status: 'rejected', code: 'TEMPLATE_UNKNOWN' })
    const t1v1 = await server.db.kysely.selectFrom('pledge_templates').select('content_hash').where('id', '=', 'tpl-t1-v1').executeTakeFirstOrThrow()
    const mixed = await pushOne(worker, workerPledge(HH, { id: 'tpl-c1-v1', contentHash: t1v1.content_hash }, '王建国'))
    expect(mixed).toMatchObject({ status: 'rejected', code: 'TEMPLATE_UNKNOWN' })
  })
})

describe('resident signing links', () => {
  let key: string
  let tpl: Template

  const link = (over: Partial<Parameters<typeof createSignLink>[1]> = {}, withKey = key) =>
    createSignLink(withKey, { u: workerId, h: HH, t: tpl.id, v: tpl.contentHash, iat: Date.now(), n: randomBytes(12).toString('base64url'), ...over })
  const view = (token: string) => get(undefined, `/api/v1/public/sign/${token}`)
  const sign = (token: string, signerName = '李秀英', png = makePng(160, 64, { seed: 7 })) =>
    post(undefined, `/api/v1/public/sign/${token}`, { signerName, signaturePng: png.toString('base64') })

  beforeAll(async () => {
    tpl = await current(worker)
  })

  it('gives a grid worker one lasting link key, and nobody else one', async () => {
    const first = await get(worker, '/api/v1/me/link-key')
    expect(first.status).toBe(200)
    key = first.body.linkKey
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await get(worker, '/api/v1/me/link-key')).body.linkKey).toBe(key)
    expect((await get(head, '/api/v1/me/link-key')).status).toBe(403)
    expect((await get(undefined, '/api/v1/me/link-key')).status).toBe(401)
    const fetched = await audits('link_key.fetch')
    expect(fetched.map((a) => JSON.parse(a.detail).created)).toEqual([true, false])
  })

  it('opens a valid link without sign-in and shows only the pledge text and the doorplate', async () => {
    const iat = Date.now()
    const res = await view(link({ iat }))
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['content', 'doorplate', 'expiresAt', 'retentionDays', 'title'])
    const hh = await server.db.kysely.selectFrom('households').select(['doorplate', 'head_name']).where('id', '=', HH).executeTakeFirstOrThrow()
    expect(res.body).toMatchObject({ title: tpl.title, content: tpl.content, doorplate: hh.doorplate, expiresAt: new Date(iat + 7 * DAY).toISOString() })
    const me = (await get(worker, '/api/v1/me')).body
    const text = JSON.stringify(res.body)
    for (const secret of [hh.head_name, me.name, workerId, HH]) expect(text).not.toContain(secret)
  })

  it('stores the signed pledge once and refuses the link afterwards', async () => {
    const token = link()
    const res = await sign(token)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ title: tpl.title, content: tpl.content, signerName: '李秀英' })
    expect(res.body.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
    const again = await sign(token)
    expect(again.status).toBe(410)
    expect(again.body.error.code).toBe('SIGN_LINK_USED')
    expect((await view(token)).body.error.code).toBe('SIGN_LINK_USED')
    const stored = await server.db.kysely.selectFrom('pledges').selectAll().where('verification_code', '=', res.body.verificationCode).execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ household_id: HH, signer_name: '李秀英', template_id: tpl.id })
    const record = await server.db.kysely.selectFrom('records').select(['author_id', 'device_id', 'body']).where('id', '=', stored[0].record_id).executeTakeFirstOrThrow()
    expect(record).toMatchObject({ author_id: workerId, device_id: 'resident-link' })
    expect(JSON.parse(record.body).body.channel).toBe('resident_link')
    const used = await server.db.kysely.selectFrom('sign_links').selectAll().where('nonce', '=', readSignLink(token)!.n).execute()
    expect(used).toHaveLength(1)
    expect(used[0].record_id).toBe(stored[0].record_id)
  })

  it('stores one pledge when the resident double-taps the sign button', async () => {
    const token = link({ h: 't1-v01-g1-h002' })
    const png = makePng(160, 64, { seed: 8 })
    const results = await Promise.all([sign(token, '赵桂兰', png), sign(token, '赵桂兰', png), sign(token, '赵桂兰', png)])
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410])
    const rows = await server.db.kysely.selectFrom('pledges').select('record_id').where('household_id', '=', 't1-v01-g1-h002').where('signer_name', '=', '赵桂兰').execute()
    expect(rows).toHaveLength(1)
  })

  it('refuses an expired link, and one "issued" more than a day ahead', async () => {
    const old = link({ iat: Date.now() - 8 * DAY })
    for (const res of [await view(old), await sign(old)]) {
      expect(res.status).toBe(410)
      expect(res.body.error.code).toBe('SIGN_LINK_EXPIRED')
    }
    const shortLived = link({ iat: Date.now() - 2 * DAY, exp: Date.now() - DAY })
    // However long a link itself says it lives, it is refused SIGN_LINK_DAYS after it was made, as the app tells the resident.
    const longLived = link({ iat: Date.now() - (SIGN_LINK_DAYS + 1) * DAY, exp: Date.now() + 30 * DAY })
    expect((await view(longLived)).body.error.code).toBe('SIGN_LINK_EXPIRED')
    expect((await view(shortLived)).body.error.code).toBe('SIGN_LINK_EXPIRED')
    const ahead = link({ iat: Date.now() + 2 * DAY })
    expect((await view(ahead)).body.error.code).toBe('SIGN_LINK_EXPIRED')
    // Six days old is still good.
    expect((await view(link({ iat: Date.now() - 6 * DAY }))).status).toBe(200)
  })

  it('treats a forged or altered link as one that does not exist', async () => {
    const forged = link({}, randomBytes(32).toString('base64url'))
    const [, sig] = link().split('.')
    const altered = `${Buffer.from(JSON.stringify({ ...readSignLink(link())!, h: 't1-v01-g1-h003' })).toString('base64url')}.${sig}`
    for (const token of [forged, altered, 'not-a-link', `${link()}x`]) {
      for (const res of [await view(token), await sign(token)]) {
        expect(res.status).toBe(404)
        expect(res.body.error.code).toBe('SIGN_LINK_INVALID')
      }
    }
    const refused = await audits('sign_link.view.refused')
    expect(refused.some((a) => JSON.parse(a.detail).code === 'SIGN_LINK_INVALID')).toBe(true)
    expect(refused.every((a) => a.user_id === null && JSON.parse(a.detail).ip)).toBe(true)
  })

  it('refuses a link for a household outside the worker’s grid or since deleted, or on an unknown template version', async () => {
    const deleted = link({ h: 't1-v01-g1-h008' })
    expect((await view(deleted)).status).toBe(200)
    await deleteHousehold(server.db, 't1-v01-g1-h008', null, Date.now())
    for (const token of [link({ h: 't1-v01-g2-h001' }), deleted, link({ v: 'a'.repeat(64) }), link({ t: 'tpl-nope' })]) {
      const res = await view(token)
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('SIGN_LINK_INVALID')
    }
    expect((await sign(deleted)).status).toBe(404)
  })

  it('refuses a signature that is not a PNG, and leaves the link usable', async () => {
    const token = link({ h: 't1-v01-g1-h004' })
    const jpeg = await post(undefined, `/api/v1/public/sign/${token}`, { signerName: '钱志强', signaturePng: makeJpeg(64, 32).toString('base64') })
    expect(jpeg.status).toBe(415)
    expect((await post(undefined, `/api/v1/public/sign/${token}`, { signerName: '钱', signaturePng: 'AAAA' })).status).toBe(400)
    expect((await sign(token, '钱志强', makePng(120, 48, { seed: 9 }))).status).toBe(200)
  })

  it('shows the resident’s pledge in the worker’s pull and list at the next sync', async () => {
    const token = link({ h: 't1-v01-g1-h005' })
    const signed = await sign(token, '孙丽华', makePng(160, 64, { seed: 10 }))
    expect(signed.status).toBe(200)
    const page = await pull(worker)
    const hh = page.households.find((h: { id: string }) => h.id === 't1-v01-g1-h005')
    expect(hh.stats.pledgeCount).toBe(1)
    const list = await get(worker, '/api/v1/pledges')
    expect(list.status).toBe(200)
    const item = list.body.items.find((p: { verificationCode: string }) => p.verificationCode === signed.body.verificationCode)
    expect(item).toMatchObject({ householdId: 't1-v01-g1-h005', signerName: '孙丽华', duplicate: false, signatureUploaded: true })
    const signs = await audits('sign_link.sign')
    expect(signs.some((a) => JSON.parse(a.detail).recordId === item.recordId)).toBe(true)
  })
})

describe('the village’s archive and its printable copy', () => {
  let tpl: Template
  let key: string
  let resident: { recordId: string; verificationCode: string; doorplate: string }
  let fromWorker: { id: string }

  beforeAll(async () => {
    tpl = await current(worker)
    key = (await get(worker, '/api/v1/me/link-key')).body.linkKey
    const token = createSignLink(key, { u: workerId, h: 't1-v01-g1-h006', t: tpl.id, v: tpl.contentHash, iat: Date.now(), n: randomBytes(12).toString('base64url') })
    const signed = await post(undefined, `/api/v1/public/sign/${token}`, { signerName: '周德明', signaturePng: makePng(200, 80, { seed: 11 }).toString('base64') })
    expect(signed.status).toBe(200)
    const row = await server.db.kysely.selectFrom('pledges').select('record_id').where('verification_code', '=', signed.body.verificationCode).executeTakeFirstOrThrow()
    resident = { recordId: row.record_id, verificationCode: signed.body.verificationCode, doorplate: signed.body.doorplate }
    // A worker's own pledge whose signature image has not been uploaded yet.
    fromWorker = workerPledge('t1-v01-g1-h007', tpl, '吴春燕', 'd'.repeat(64))
    expect(await pushOne(worker, fromWorker)).toMatchObject({ status: 'stored' })
  })

  it('lists the village’s pledges for its head, a repeat signer flagged and not counted', async () => {
    const again = await pushOne(worker, workerPledge('t1-v01-g1-h006', tpl, '周 德明'))
    expect(again.status).toBe('stored')
    const list = await get(head, '/api/v1/pledges?limit=500')
    expect(list.status).toBe(200)
    expect(list.body.total).toBe(list.body.items.length)
    const mine = list.body.items.filter((p: { householdId: string }) => p.householdId === 't1-v01-g1-h006')
    expect(mine.map((p: { duplicate: boolean }) => p.duplicate).sort()).toEqual([false, true])
    expect(mine.find((p: { duplicate: boolean }) => p.duplicate).duplicateOf).toBe(resident.recordId)
    const hh = await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', 't1-v01-g1-h006').executeTakeFirstOrThrow()
    expect(hh.pledge_count).toBe(1)
    const paged = await get(head, '/api/v1/pledges?limit=2&offset=1')
    expect(paged.body.items).toEqual(list.body.items.slice(1, 3))
  })

  it('prints the village’s copy: title, the exact text signed, doorplate, signer, verification code, signature', async () => {
    const pdf = await fetchPdf(head, resident.recordId)
    expect(pdf.status).toBe(200)
    expect(pdf.type).toBe('application/pdf')
    expect(pdf.disposition).toContain(`pledge-${resident.verificationCode}.pdf`)
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const pages = await pdfPages(pdf.bytes)
    const text = pages.join('\n')
    expect(pages).toHaveLength(1)
    expect(text).toContain(tpl.title)
    expect(text).toContain('村(居)留存联')
    expect(text).toContain(resident.doorplate)
    expect(text).toContain('周德明')
    expect(text).toContain(resident.verificationCode)
    // Real text, not boxes: a sentence of the pledge comes back character for character.
    const sentence = tpl.content.split('\n')[1]
    expect(text.replace(/\s/g, '')).toContain(sentence.replace(/\s/g, ''))
    expect(text).not.toContain('签名图片待上传')
    expect(pdf.bytes.length).toBeLessThan(400 * 1024)
    const exports = await audits('pledge.export_pdf')
    expect(exports.some((a) => a.entity_id === resident.recordId && JSON.parse(a.detail).signaturePrinted === true)).toBe(true)
  })

  it('prints 签名图片待上传 while the signature image has not arrived', async () => {
    const pdf = await fetchPdf(head, fromWorker.id)
    expect(pdf.status).toBe(200)
    const text = (await pdfPages(pdf.bytes)).join('\n')
    expect(text).toContain('签名图片待上传')
    expect(text).toContain('吴春燕')
  })

  it('keeps other villages and towns out, the same way for an id that does not exist', async () => {
    for (const token of [otherHead, otherTown, townTwoWorker]) {
      expect((await get(token, `/api/v1/pledges/${resident.recordId}`)).status).toBe(403)
      expect((await fetchPdf(token, resident.recordId)).status).toBe(403)
    }
    const forbidden = await get(otherHead, `/api/v1/pledges/${resident.recordId}`)
    const unknown = await get(otherHead, `/api/v1/pledges/${newId()}`)
    expect(unknown.body).toEqual(forbidden.body)
    expect((await get(otherHead, '/api/v1/pledges?areaId=t1-v01')).status).toBe(403)
    expect((await get(otherHead, '/api/v1/pledges')).body.items.some((p: { recordId: string }) => p.recordId === resident.recordId)).toBe(false)
    // Up the tree it is visible: the town and the county see the village's pledges.
    expect((await get(town, `/api/v1/pledges/${resident.recordId}`)).status).toBe(200)
    expect((await get(county, '/api/v1/pledges?areaId=t1-v01')).body.items.some((p: { recordId: string }) => p.recordId === resident.recordId)).toBe(true)
  })
})

describe('public signing rate limit (per process)', () => {
  it('answers 429 once an address goes over the limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i <= SIGN_LIMIT.limit; i++) {
      statuses.push((await post(undefined, '/api/v1/public/sign/not-a-link', { signerName: '测试', signaturePng: 'AAAA' })).status)
    }
    expect(statuses[statuses.length - 1]).toBe(429)
    const res = await post(undefined, '/api/v1/public/sign/not-a-link', { signerName: '测试', signaturePng: 'AAAA' })
    expect(res.body.error.code).toBe('RATE_LIMITED')
  })
})
