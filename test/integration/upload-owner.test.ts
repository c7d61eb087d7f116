// An unfinished upload belongs to whoever started it (#12 item 1): another user can neither restart it (a PUT at
// offset 0, with the same or another Upload-Length, which used to throw the received bytes away) nor add to it;
// they get 409 MEDIA_UPLOAD_NOT_YOURS, the started upload is untouched and its owner finishes it. Sending the whole
// file in one PUT (the same bytes, checked against the sha) still stores it for anyone. Both databases.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { makePng, sha256 } from '../helpers/images'

jest.setTimeout(60_000)

let server: TestServer
let owner: string
let other: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await loginAs(server.url, 'demo-t1-v01-g1')
  other = await loginAs(server.url, 'demo-t1-v01-g2')
})
afterAll(() => server.close())

async function put(token: string, sha: string, offset: number, total: number, chunk: Buffer) {
  const res = await fetch(`${server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': String(offset), 'upload-length': String(total) },
    body: chunk,
  })
  return { status: res.status, body: (await res.json()) as { state?: string; receivedBytes?: number; error?: { code: string } } }
}

const status = async (token: string, sha: string) => (await api(server.url, 'GET', `/api/v1/media/${sha}/status`, { token })).body

describe(`an unfinished upload and another user (${TEST_DIALECT})`, () => {
  it('refuses to restart or continue it for anyone but its owner, who then finishes it', async () => {
    const png = makePng(200, 100, { seed: 41 })
    const sha = sha256(png)
    const half = Math.floor(png.length / 2)
    expect(await put(owner, sha, 0, png.length, png.subarray(0, half))).toMatchObject({ status: 200, body: { state: 'partial', receivedBytes: half } })

    // A restart at offset 0, with the same length and with another one, and a chunk at the owner's offset.
    for (const attempt of [
      await put(other, sha, 0, png.length, png.subarray(0, 10)),
      await put(other, sha, 0, png.length + 5, Buffer.concat([png.subarray(0, 10), Buffer.alloc(5)]).subarray(0, 10)),
      await put(other, sha, half, png.length, png.subarray(half, half + 10)),
    ]) {
      expect(attempt.status).toBe(409)
      expect(attempt.body.error?.code).toBe('MEDIA_UPLOAD_NOT_YOURS')
    }
    expect(await status(owner, sha)).toMatchObject({ state: 'partial', receivedBytes: half, totalBytes: png.length })

    expect(await put(owner, sha, half, png.length, png.subarray(half))).toMatchObject({ status: 200, body: { state: 'complete', receivedBytes: png.length } })
    const stored = await server.db.kysely.selectFrom('media').select(['uploaded_by', 'bytes']).where('sha256', '=', sha).executeTakeFirstOrThrow()
    expect(stored).toEqual({ uploaded_by: 'u-t1-v01-g1', bytes: png.length })
  })

  it('still stores a whole file sent in one PUT by another user (the same bytes)', async () => {
    const png = makePng(200, 100, { seed: 42 })
    const sha = sha256(png)
    expect((await put(owner, sha, 0, png.length, png.subarray(0, 100))).status).toBe(200)
    expect(await put(other, sha, 0, png.length, png)).toMatchObject({ status: 200, body: { state: 'complete' } })
  })
})
