// Media by reference: a record may name a file its author uploaded, one already linked to the same household, or one
// nobody has uploaded yet (the phone sends the record before its files); naming another's file is refused, so it
// cannot be made readable that way. The upload status answers only those who may read the file or are uploading it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { makePng, sha256 } from '../helpers/images'
import { newId } from '../helpers/records'

jest.setTimeout(60_000)

let server: TestServer
let mediaDir: string
let worker: string
let otherGrid: string
let otherTown: string

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-ref-'))
  server = await startTestServer({ config: { MEDIA_DIR: mediaDir } })
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  otherGrid = await loginAs(server.url, 'demo-t1-v01-g2')
  otherTown = await loginAs(server.url, 'demo-t2-v01-g1')
})
afterAll(async () => {
  await server.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

async function upload(token: string, seed: number): Promise<string> {
  const png = makePng(120, 60, { seed })
  const sha = sha256(png)
  const res = await fetch(`${server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(png.length) },
    body: png,
  })
  expect(res.status).toBe(200)
  return sha
}

const status = async (sha: string, token: string) => (await api(server.url, 'GET', `/api/v1/media/${sha}/status`, { token })).body
const push = async (token: string, records: unknown[]) => (await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })).body.results as { status: string; code?: string }[]

async function install(householdId: string, shas: string[], replaces: string | null = null) {
  const r = await server.db.kysely.selectFrom('residents').select('id').where('household_id', '=', householdId).orderBy('id').executeTakeFirstOrThrow()
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  return {
    id: newId(),
    kind: 'install',
    householdId,
    replaces,
    deviceId: 'dev',
    createdAt: new Date().toISOString(),
    body: { residentId: r.id, steps: [{ step: 'installed', doneOn: today }], screenshotShas: shas, notes: '' },
  }
}

async function household(gridId: string, n = 0) {
  return (await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', gridId).orderBy('id').execute())[n].id
}

it("refuses a record naming another worker's file, which stays unreadable to them", async () => {
  const theirs = await upload(otherTown, 11)
  const [res] = await push(worker, [await install(await household('t1-v01-g1'), [theirs])])
  expect(res).toMatchObject({ status: 'rejected', code: 'MEDIA_NOT_YOURS' })
  const read = await fetch(`${server.url}/api/v1/media/${theirs}`, { headers: { authorization: `Bearer ${worker}` } })
  expect(read.status).toBe(403)
})

it('stores a record naming its own upload, or a file nobody has uploaded yet (the author uploads it next)', async () => {
  const householdId = await household('t1-v01-g1', 1)
  const own = await upload(worker, 12)
  const notYet = 'e3'.repeat(32)
  const [res] = await push(worker, [await install(householdId, [own, notYet])])
  expect(res.status).toBe('stored')
})

it("accepts another's file already linked to the same household, and refuses it for another household", async () => {
  const householdId = await household('t1-v01-g2')
  const theirs = await upload(otherGrid, 13)
  expect((await push(otherGrid, [await install(householdId, [theirs])]))[0].status).toBe('stored')
  // A file already linked to the household may be named again even when someone else uploaded it (a handover).
  await server.db.kysely.updateTable('media').set({ uploaded_by: 'u-t2-v01-g1' }).where('sha256', '=', theirs).execute()
  expect((await push(otherGrid, [await install(householdId, [theirs])]))[0].status).toBe('stored')
  const elsewhere = await household('t1-v01-g2', 1)
  expect((await push(otherGrid, [await install(elsewhere, [theirs])]))[0]).toMatchObject({ status: 'rejected', code: 'MEDIA_NOT_YOURS' })
})

it('answers the upload status of a file only to whoever may read it or uploads it; to others it is missing', async () => {
  const mine = await upload(worker, 14)
  expect(await status(mine, worker)).toMatchObject({ state: 'complete' })
  expect(await status(mine, otherTown)).toEqual({ sha256: mine, state: 'missing', receivedBytes: 0, totalBytes: null })
  // Once a record of grid 1 names it, the village head of grid 1 may read it, and so see its status.
  const householdId = await household('t1-v01-g1', 2)
  expect((await push(worker, [await install(householdId, [mine])]))[0].status).toBe('stored')
  const head = await loginAs(server.url, 'demo-t1-v01')
  expect(await status(mine, head)).toMatchObject({ state: 'complete' })
})
