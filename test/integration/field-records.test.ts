// Pledges, hand-outs and install proofs through the real push: their checks, the duplicate-pledge rule,
// corrections, and the coverage figures they feed.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId } from '../helpers/records'

let server: TestServer
let worker: string
let head: string
let template: { id: string; content_hash: string }

const SHA = (n: number) => n.toString(16).padStart(64, '0')
const now = () => new Date().toISOString()
const envelope = (householdId: string) => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt: now() })

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  head = await loginAs(server.url, 'demo-t1-v01')
  template = await server.db.kysely.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
})
afterAll(() => server.close())

const push = async (records: unknown[]) => (await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })).body.results
const gridRow = async () => (await api(server.url, 'GET', '/api/v1/coverage', { token: head })).body.rows.find((r: { areaId: string }) => r.areaId === 't1-v01-g1')

async function residentsOf(householdId: string) {
  return server.db.kysely.selectFrom('residents').select(['id', 'birth_year', 'name']).where('household_id', '=', householdId).orderBy('id').execute()
}

function pledge(householdId: string, signer: { residentId: string | null; signerName: string }, templateHash = template.content_hash) {
  return {
    ...envelope(householdId),
    kind: 'pledge',
    body: { templateId: template.id, templateHash, ...signer, signatureSha: SHA(1), signedAt: now(), channel: 'worker_device' },
  }
}

it('refuses a pledge on a template version that does not exist', async () => {
  const [r] = await push([pledge('t1-v01-g1-h001', { residentId: null, signerName: '张三' }, SHA(99))])
  expect(r).toMatchObject({ status: 'rejected', code: 'TEMPLATE_UNKNOWN' })
})

it('counts a signer once per campaign, keeps the repeat, and moves the pledge rate', async () => {
  const before = await gridRow()
  const [a, b] = await residentsOf('t1-v01-g1-h002')
  const first = pledge('t1-v01-g1-h002', { residentId: a.id, signerName: a.name })
  const again = pledge('t1-v01-g1-h002', { residentId: a.id, signerName: a.name })
  const results = await push([first, again])
  expect(results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored'])
  const rows = await server.db.kysely.selectFrom('pledges').select(['record_id', 'duplicate_of', 'verification_code']).where('household_id', '=', 't1-v01-g1-h002').orderBy('signed_at').execute()
  expect(rows.find((r) => r.record_id === again.id)!.duplicate_of).toBe(first.id)
  expect(rows.every((r) => /^[0-9A-Z]{8}$/.test(r.verification_code))).toBe(true)
  let hh = await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', 't1-v01-g1-h002').executeTakeFirstOrThrow()
  expect(hh.pledge_count).toBe(1)
  if (b) {
    await push([pledge('t1-v01-g1-h002', { residentId: b.id, signerName: b.name })])
    hh = await server.db.kysely.selectFrom('households').select('pledge_count').where('id', '=', 't1-v01-g1-h002').executeTakeFirstOrThrow()
    expect(hh.pledge_count).toBe(2)
  }
  const after = await gridRow()
  expect(after.pledgedHouseholds).toBe(before.pledgedHouseholds + 1)
  const media = await server.db.kysely.selectFrom('record_media').select('sha256').where('record_id', '=', first.id).execute()
  expect(media.map((m) => m.sha256)).toEqual([SHA(1)])
})

it('requires a signed receipt for materials that need one, and tallies hand-outs by material', async () => {
  const materials = await server.db.kysely.selectFrom('materials').select(['id', 'needs_receipt']).execute()
  const withReceipt = materials.find((m) => m.needs_receipt === 1)!
  const plain = materials.find((m) => m.needs_receipt === 0)!
  const body = (receiptSignatureSha: string | null) => ({
    items: [{ materialId: withReceipt.id, quantity: 1 }, { materialId: plain.id, quantity: 3 }],
    recipientName: '李四',
    residentId: null,
    receiptSignatureSha,
    handedAt: now(),
  })
  const [refused] = await push([{ ...envelope('t1-v01-g1-h003'), kind: 'handout', body: body(null) }])
  expect(refused).toMatchObject({ status: 'rejected', code: 'RECEIPT_SIGNATURE_REQUIRED' })
  const [unknown] = await push([{ ...envelope('t1-v01-g1-h003'), kind: 'handout', body: { ...body(SHA(2)), items: [{ materialId: 'mat-nope', quantity: 1 }] } }])
  expect(unknown).toMatchObject({ status: 'rejected', code: 'MATERIAL_UNKNOWN' })
  const before = await gridRow()
  const handout = { ...envelope('t1-v01-g1-h003'), kind: 'handout', body: body(SHA(2)) }
  expect((await push([handout]))[0].status).toBe('stored')
  let row = await gridRow()
  expect(row.handouts[plain.id]).toBe((before.handouts[plain.id] ?? 0) + 3)
  // A correction replaces the quantities rather than adding to them.
  const fix = { ...envelope('t1-v01-g1-h003'), replaces: handout.id, kind: 'handout', body: { ...body(SHA(2)), items: [{ materialId: withReceipt.id, quantity: 1 }, { materialId: plain.id, quantity: 5 }] } }
  expect((await push([fix]))[0].status).toBe('stored')
  row = await gridRow()
  expect(row.handouts[plain.id]).toBe((before.handouts[plain.id] ?? 0) + 5)
  expect(row.handouts[withReceipt.id]).toBe((before.handouts[withReceipt.id] ?? 0) + 1)
})

it('tracks the three install steps per resident and the rates among 16–60s', async () => {
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
  const all = await server.db.kysely.selectFrom('residents').select(['id', 'household_id', 'birth_year']).where('grid_id', '=', 't1-v01-g1').execute()
  const target = all.find((r) => r.birth_year !== null && year - r.birth_year >= 16 && year - r.birth_year <= 60)!
  const before = await gridRow()
  const install = (steps: { step: string; doneOn: string }[], residentId = target.id, householdId = target.household_id) => ({
    ...envelope(householdId),
    kind: 'install',
    body: { residentId, steps, screenshotShas: [SHA(3)], notes: '' },
  })
  const [wrongHousehold] = await push([install([{ step: 'installed', doneOn: '2026-11-20' }], target.id, target.household_id === 't1-v01-g1-h001' ? 't1-v01-g1-h002' : 't1-v01-g1-h001')])
  expect(wrongHousehold).toMatchObject({ status: 'rejected', code: 'RESIDENT_NOT_FOUND' })
  await push([install([{ step: 'installed', doneOn: '2026-11-20' }, { step: 'real_name', doneOn: '2026-11-20' }])])
  let row = await gridRow()
  expect(row.targetResidents).toBe(before.targetResidents)
  expect(row.installed).toBe(before.installed + 1)
  expect(row.realName).toBe(before.realName + 1)
  expect(row.warningOn).toBe(before.warningOn)
  await push([install([{ step: 'warning_on', doneOn: '2026-11-21' }])])
  row = await gridRow()
  expect(row.warningOn).toBe(before.warningOn + 1)
  expect(row.installedPct).toBeCloseTo((100 * row.installed) / row.targetResidents, 0)
  const pulled = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=2000', { token: worker })
  expect(pulled.body.residents.find((r: { id: string }) => r.id === target.id)).toMatchObject({
    installedOn: '2026-11-20',
    realNameOn: '2026-11-20',
    warningOnOn: '2026-11-21',
  })
})
