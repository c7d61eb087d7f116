// S3Store against an s3rver this test starts: the same contract as the local disk (whole blobs, uploads appended
// only at their end, promoted whole, removed), object names under the prefix, and the parts the sweep lists.
import { Readable } from 'node:stream'
import { PartOffsetError } from '../../../server/src/blob/blob-store'
import { S3Store } from '../../../server/src/blob/s3-store'
import { startLocalS3, type LocalS3 } from '../../helpers/s3-server'

jest.setTimeout(60_000)

const KEY = 'ab12' + 'f'.repeat(60)
let s3: LocalS3
let store: S3Store

beforeAll(async () => {
  s3 = await startLocalS3({ prefix: 'unit/' })
  store = new S3Store({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'unit/' })
})
afterAll(async () => {
  store?.client.destroy()
  await s3?.close()
})
beforeEach(async () => {
  await store.remove(KEY)
  await store.removePart(KEY)
})

async function readAll(r: Readable | null): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of r!) parts.push(Buffer.from(c as Uint8Array))
  return Buffer.concat(parts)
}

it('stores whole blobs under media/ab/cd/<key>, from a buffer or a stream, and removes them', async () => {
  expect(await store.has(KEY)).toBe(false)
  expect(await store.size(KEY)).toBeNull()
  expect(await store.get(KEY)).toBeNull()
  await store.put(KEY, Buffer.from('hello'))
  expect(await s3.keys()).toEqual([`media/ab/12/${KEY}`])
  await store.put(KEY, Readable.from([Buffer.from('hel'), Buffer.from('lo!')]))
  expect(await store.size(KEY)).toBe(6)
  expect((await readAll(await store.get(KEY))).toString()).toBe('hello!')
  await store.remove(KEY)
  await store.remove(KEY)
  expect(await store.has(KEY)).toBe(false)
})

it('appends a part only at its end, lists it for the sweep, and promotes it to one object', async () => {
  expect(await store.partSize(KEY)).toBe(0)
  expect(await store.readPart(KEY)).toBeNull()
  await store.appendPart(KEY, 0, Buffer.from('abc'))
  await store.appendPart(KEY, 3, Buffer.from('def'))
  await expect(store.appendPart(KEY, 2, Buffer.from('cdef'))).rejects.toEqual(new PartOffsetError(2, 6))
  await expect(store.appendPart(KEY, 9, Buffer.from('x'))).rejects.toBeInstanceOf(PartOffsetError)
  expect(await store.partSize(KEY)).toBe(6)
  expect((await store.readPart(KEY))?.toString()).toBe('abcdef')
  const listed = await store.listParts()
  expect(listed.map((p) => p.uploadKey)).toEqual([KEY])
  expect(Math.abs(listed[0].modifiedAt - Date.now())).toBeLessThan(60_000)
  await store.promotePart(KEY, KEY)
  expect(await store.partSize(KEY)).toBe(0)
  expect(await store.listParts()).toEqual([])
  expect((await readAll(await store.get(KEY))).toString()).toBe('abcdef')
  expect(await s3.keys()).toEqual([`media/ab/12/${KEY}`])
})

it('removes a part, and refuses keys that could leave the prefix', async () => {
  await store.appendPart(KEY, 0, Buffer.from('abc'))
  await store.removePart(KEY)
  await store.removePart(KEY)
  expect(await store.partSize(KEY)).toBe(0)
  for (const bad of ['../../etc/passwd', 'a/b', '', '.partial']) {
    await expect(store.put(bad, Buffer.from('x'))).rejects.toThrow(/unsafe blob key/)
  }
})
