// LocalDiskStore: sharded layout, whole writes, and uploads that append only at their end and promote in one step.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { PartOffsetError } from '../../../server/src/blob/blob-store'
import { LocalDiskStore } from '../../../server/src/blob/local-disk-store'

const KEY = 'ab12' + 'f'.repeat(60)
let root: string
let store: LocalDiskStore

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-blobs-'))
  store = new LocalDiskStore(root)
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

async function readAll(r: Readable | null): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of r!) parts.push(c as Buffer)
  return Buffer.concat(parts)
}

it('stores whole blobs under ab/cd/<key>, from a buffer or a stream, leaving no temporary file', async () => {
  expect(await store.has(KEY)).toBe(false)
  expect(await store.get(KEY)).toBeNull()
  await store.put(KEY, Buffer.from('hello'))
  expect(fs.readFileSync(path.join(root, 'ab', '12', KEY), 'utf8')).toBe('hello')
  await store.put(KEY, Readable.from([Buffer.from('hel'), Buffer.from('lo!')]))
  expect(await store.size(KEY)).toBe(6)
  expect((await readAll(await store.get(KEY))).toString()).toBe('hello!')
  expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([])
})

it('appends a part only at its end, and promotes it to the blob in one rename', async () => {
  expect(await store.partSize(KEY)).toBe(0)
  await store.appendPart(KEY, 0, Buffer.from('abc'))
  await store.appendPart(KEY, 3, Buffer.from('def'))
  await expect(store.appendPart(KEY, 2, Buffer.from('cdef'))).rejects.toEqual(new PartOffsetError(2, 6))
  await expect(store.appendPart(KEY, 9, Buffer.from('x'))).rejects.toBeInstanceOf(PartOffsetError)
  expect(await store.partSize(KEY)).toBe(6)
  expect((await store.readPart(KEY))?.toString()).toBe('abcdef')
  await store.promotePart(KEY, KEY)
  expect(await store.partSize(KEY)).toBe(0)
  expect(await store.readPart(KEY)).toBeNull()
  expect((await readAll(await store.get(KEY))).toString()).toBe('abcdef')
})

it('removes a part, and refuses keys that could leave the directory', async () => {
  await store.appendPart(KEY, 0, Buffer.from('abc'))
  await store.removePart(KEY)
  await store.removePart(KEY)
  expect(await store.partSize(KEY)).toBe(0)
  for (const bad of ['../../etc/passwd', 'a/b', '', '.partial']) {
    await expect(store.put(bad, Buffer.from('x'))).rejects.toThrow(/unsafe blob key/)
  }
})
