// 投诉建议 end to end on the real server: a worker and a resident (through a real signing link, after signing)
// send, the county admin answers, each sender reads the answer; scope, masking, idempotency, the rate limit, audit.
import { randomBytes } from 'node:crypto'
import { createSignLink } from '../../src/core/sign-link'
import { FEEDBACK_LIMITS } from '../../server/src/services/feedback'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { newId } from '../helpers/records'
import { makePng } from '../helpers/images'

jest.setTimeout(60_000)

const HH = 't1-v01-g1-h001'
let server: TestServer
let worker: string
let county: string
let town1: string
let town2: string
let token: string

const get = (as: string | undefined, path: string) => api(server.url, 'GET', path, { token: as })
const post = (as: string | undefined, path: string, body: unknown) => api(server.url, 'POST', path, { token: as, body })

async function audits(action: string) {
  return server.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute()
}

/** A signing link the worker's phone would make, signed by the resident as on the public page. */
async function signedLink(): Promise<string> {
  const me = await get(worker, '/api/v1/me')
  const key = (await get(worker, '/api/v1/me/link-key')).body.linkKey as string
  const tpl = (await get(worker, '/api/v1/pledge-templates/current')).body
  const link = createSignLink(key, { u: me.body.id, h: HH, t: tpl.id, v: tpl.contentHash, iat: Date.now(), n: randomBytes(12).toString('base64url') })
  const signed = await post(undefined, `/api/v1/public/sign/${link}`, { signerName: '李秀英', signaturePng: makePng(160, 64, { seed: 3 }).toString('base64') })
  expect(signed.status).toBe(200)
  return link
}

beforeAll(async () => {
  server = await startTestServer({ seed: SMALL_COUNTY })
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  county = await loginAs(server.url, 'demo-county')
  town1 = await loginAs(server.url, 'demo-t1')
  town2 = await loginAs(server.url, 'demo-t2')
  token = await signedLink()
})
afterAll(async () => server?.close())

describe('投诉建议', () => {
  const workerItem = { id: newId(), category: 'suggestion', text: '建议把宣传册字号放大一些，老人看不清' }
  const residentItem = { id: newId(), category: 'personal_info', text: '我想查阅登记的家庭信息', contactPhone: '13812345678' }

  it('a worker sends a suggestion; a resend is the same item, another body under its id is refused', async () => {
    const sent = await post(worker, '/api/v1/feedback', workerItem)
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ ...workerItem, status: 'pending', answer: null, contactPhone: null })
    expect((await post(worker, '/api/v1/feedback', workerItem)).body.id).toBe(workerItem.id)
    const clash = await post(worker, '/api/v1/feedback', { ...workerItem, text: '别的内容' })
    expect([clash.status, clash.body.error.code]).toEqual([409, 'FEEDBACK_CONFLICT'])
    expect(await server.db.kysely.selectFrom('feedback').select('id').where('id', '=', workerItem.id).execute()).toHaveLength(1)
  })

  it('refuses control characters and text over 500 characters', async () => {
    expect((await post(worker, '/api/v1/feedback', { id: newId(), category: 'complaint', text: 'a\u0007b' })).status).toBe(400)
    expect((await post(worker, '/api/v1/feedback', { id: newId(), category: 'complaint', text: '长'.repeat(501) })).status).toBe(400)
    expect((await post(worker, '/api/v1/feedback', { id: newId(), category: 'praise', text: '好' })).status).toBe(400)
  })

  it('a resident sends from the copy page of a link that has already signed; a made-up link is refused', async () => {
    const sent = await post(undefined, `/api/v1/public/feedback/${token}`, residentItem)
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ id: residentItem.id, fromName: '居民', contactPhone: '138****5678', status: 'pending' })
    expect(sent.body.doorplate).toBeTruthy()
    const forged = await post(undefined, `/api/v1/public/feedback/${token.slice(0, -2)}xx`, { ...residentItem, id: newId() })
    expect([forged.status, forged.body.error.code]).toEqual([404, 'FEEDBACK_LINK_INVALID'])
  })

  it('the county admin sees both with the full phone, the town official of the town masked, another town nothing', async () => {
    const all = await get(county, '/api/v1/feedback?status=pending')
    const ids = all.body.items.map((i: { id: string }) => i.id)
    expect(ids).toEqual(expect.arrayContaining([workerItem.id, residentItem.id]))
    expect(all.body.items.find((i: { id: string }) => i.id === residentItem.id).contactPhone).toBe('13812345678')
    const town = await get(town1, '/api/v1/feedback')
    expect(town.body.items.find((i: { id: string }) => i.id === residentItem.id).contactPhone).toBe('138****5678')
    const other = await get(town2, '/api/v1/feedback')
    expect(other.status).toBe(200)
    expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(workerItem.id)
    expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(residentItem.id)
    expect((await get(town2, '/api/v1/feedback?areaId=t1')).status).toBe(403)
    const answer = await post(town2, `/api/v1/feedback/${workerItem.id}/answer`, { status: 'answered', answer: '越权答复' })
    expect([answer.status, answer.body.error.code]).toEqual([404, 'FEEDBACK_NOT_FOUND'])
    expect((await get(worker, '/api/v1/feedback')).status).toBe(403)
  })

  it('the county admin answers; the worker and the resident each see the answer to their own item only', async () => {
    const noText = await post(county, `/api/v1/feedback/${workerItem.id}/answer`, { status: 'answered' })
    expect([noText.status, noText.body.error.code]).toEqual([422, 'FEEDBACK_ANSWER_REQUIRED'])
    expect((await post(county, `/api/v1/feedback/${residentItem.id}/answer`, { status: 'in_progress' })).body.status).toBe('in_progress')
    const answered = await post(county, `/api/v1/feedback/${workerItem.id}/answer`, { status: 'answered', answer: '已安排印制大字版' })
    expect(answered.status).toBe(200)
    expect(answered.body).toMatchObject({ status: 'answered', answer: '已安排印制大字版' })
    expect(answered.body.answeredBy).toBeTruthy()

    const mine = await get(worker, '/api/v1/feedback/mine')
    expect(mine.body.items).toEqual([expect.objectContaining({ id: workerItem.id, status: 'answered', answer: '已安排印制大字版' })])
    const resident = await get(undefined, `/api/v1/public/feedback/${token}`)
    expect(resident.body.items).toEqual([expect.objectContaining({ id: residentItem.id, status: 'in_progress', contactPhone: '138****5678' })])
    expect((await get(county, '/api/v1/feedback?status=pending')).body.items.map((i: { id: string }) => i.id)).not.toContain(workerItem.id)
  })

  it('audits every item sent and every answer', async () => {
    const created = await audits('feedback.create')
    expect(created.map((a) => a.entity_id).sort()).toEqual([workerItem.id, residentItem.id].sort())
    expect(created.find((a) => a.entity_id === residentItem.id)?.user_id).toBeNull()
    const answers = await audits('feedback.answer')
    expect(answers.map((a) => a.entity_id)).toEqual([residentItem.id, workerItem.id])
    expect(answers.every((a) => a.user_id !== null)).toBe(true)
    // Reading the list shows residents' phones: each read is logged with how many phones it showed.
    const reads = await audits('feedback.list')
    expect(reads.length).toBeGreaterThanOrEqual(3)
    expect(reads.some((a) => JSON.parse(a.detail).withPhone === 1)).toBe(true)
  })

  it('limits a signing link to a few items an hour, with 429 and a Chinese message', async () => {
    // The resident's item above already counted against this link.
    const statuses: number[] = []
    let last: { status: number; body: { error?: { code: string; message: string } } } | null = null
    for (let i = 0; i < FEEDBACK_LIMITS.perLink; i++) {
      last = await post(undefined, `/api/v1/public/feedback/${token}`, { id: newId(), category: 'question', text: `第${i}条咨询`, contactPhone: null })
      statuses.push(last.status)
    }
    expect(statuses).toEqual([...Array(FEEDBACK_LIMITS.perLink - 1).fill(201), 429])
    expect(last?.body.error).toEqual({ code: 'FEEDBACK_RATE_LIMITED', message: expect.stringMatching(/太频繁/) })
    const stored = await server.db.kysely.selectFrom('feedback').select('id').where('user_id', 'is', null).execute()
    expect(stored).toHaveLength(FEEDBACK_LIMITS.perLink)
  })
})
