// Install step dates and signers' names through the real push: steps dated before the 国家反诈中心 app existed are
// refused; a step dated after the day of receipt is kept and flagged but does not count; one person signing under
// spellings that differ only in invisible, full-width or look-alike characters counts once, stored keys included.
import { chinaDate } from '../../src/core/china-time'
import { up as recomputeSignerKeys } from '../../server/src/db/migrations/2026_11_30_0016_signer_keys'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId } from '../helpers/records'

let server: TestServer
let worker: string
let template: { id: string; content_hash: string }

const DAY = 86_400_000
const SHA = 'b'.repeat(64)

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  template = await server.db.kysely.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
})
afterAll(() => server.close())

const push = async (records: unknown[]) => (await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })).body.results as { status: string; code?: string }[]
const envelope = (householdId: string) => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt: new Date().toISOString() })

async function residentOf(householdId: string) {
  return server.db.kysely.selectFrom('residents').select('id').where('household_id', '=', householdId).orderBy('id').executeTakeFirstOrThrow()
}

function install(householdId: string, residentId: string, steps: { step: string; doneOn: string }[]) {
  return { ...envelope(householdId), kind: 'install', body: { residentId, steps, screenshotShas: [SHA], notes: '' } }
}

function pledge(householdId: string, signerName: string) {
  const body = { templateId: template.id, templateHash: template.content_hash, residentId: null, signerName, signatureSha: SHA, signedAt: new Date().toISOString(), channel: 'worker_device' }
  return { ...envelope(householdId), kind: 'pledge', body }
}

describe('install step dates', () => {
  it.each(['1900-01-01', '2021-02-28'])('refuses a step dated %s, before the app existed', async (doneOn) => {
    const householdId = 't1-v01-g1-h001'
    const { id } = await residentOf(householdId)
    const [res] = await push([install(householdId, id, [{ step: 'installed', doneOn }])])
    expect(res).toMatchObject({ status: 'rejected', code: 'INSTALL_DATE_BEFORE_APP' })
  })

  it('stores a step dated the launch day', async () => {
    const householdId = 't1-v01-g1-h002'
    const { id } = await residentOf(householdId)
    const [res] = await push([install(householdId, id, [{ step: 'installed', doneOn: '2021-03-01' }])])
    expect(res.status).toBe('stored')
  })

  it('keeps a record with a step dated a year ahead, flagged, but counts only the steps already done', async () => {
    const householdId = 't1-v01-g1-h003'
    const { id } = await residentOf(householdId)
    const today = chinaDate(Date.now())
    const record = install(householdId, id, [
      { step: 'installed', doneOn: today },
      { step: 'real_name', doneOn: chinaDate(Date.now() + 365 * DAY) },
    ])
    expect((await push([record]))[0].status).toBe('stored')
    const resident = await server.db.kysely.selectFrom('residents').select(['installed_on', 'real_name_on']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(resident).toEqual({ installed_on: today, real_name_on: null })
    const flags = await server.db.kysely.selectFrom('record_flags').select('kind').where('record_id', '=', record.id).execute()
    expect(flags.map((f) => f.kind)).toContain('future_date')
  })
})

describe('one pledge per signer', () => {
  it.each([
    ['a zero-width space', '张\u200b三丰'],
    ['a full-width space', '张\u3000三丰'],
    ['a right-to-left mark', '\u200f张三丰'],
    ['full-width letters', 'ＡＬＩＭＵ'],
  ])('counts a second signature with %s once', async (_, variant) => {
    const householdId = variant.startsWith('Ａ') ? 't1-v01-g1-h005' : 't1-v01-g1-h004'
    const plain = variant.startsWith('Ａ') ? 'ALIMU' : '张三丰'
    await push([pledge(householdId, plain)])
    const second = pledge(householdId, variant)
    expect((await push([second]))[0].status).toBe('stored')
    const stored = await server.db.kysely.selectFrom('pledges').select('duplicate_of').where('record_id', '=', second.id).executeTakeFirstOrThrow()
    expect(stored.duplicate_of).not.toBeNull()
    const household = await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', householdId).executeTakeFirstOrThrow()
    expect(household.pledge_count).toBe(1)
  })

  it('recomputes keys stored under the old rule, and the household count with them (migration 0016)', async () => {
    const householdId = 't1-v01-g1-h006'
    const first = pledge(householdId, '李四光')
    const second = pledge(householdId, '李\u200b四光')
    await push([first, second])
    // As the old rule stored them: the name without spaces, so the zero-width one was a second signer.
    await server.db.kysely.updateTable('pledges').set({ signer_key: 'n:李\u200b四光', duplicate_of: null }).where('record_id', '=', second.id).execute()
    await server.db.kysely.updateTable('households').set({ pledge_count: 2 }).where('id', '=', householdId).execute()
    const before = await server.db.kysely.selectFrom('households').select('rev').where('id', '=', householdId).executeTakeFirstOrThrow()
    await recomputeSignerKeys(server.db.kysely)
    const keys = await server.db.kysely.selectFrom('pledges').select('signer_key').where('household_id', '=', householdId).execute()
    expect(keys.map((k) => k.signer_key)).toEqual(['n:李四光', 'n:李四光'])
    const after = await server.db.kysely.selectFrom('households').select(['pledge_count', 'rev']).where('id', '=', householdId).executeTakeFirstOrThrow()
    expect(after.pledge_count).toBe(1)
    expect(Number(after.rev)).toBeGreaterThan(Number(before.rev))
  })
})
