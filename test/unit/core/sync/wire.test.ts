// Push bodies: gzipped by the browser's CompressionStream where there is one, by fflate where there is none (WeChat);
// both give bodies the server inflates to the same JSON, the same bytes for the same batch, and small bodies plain.
import { gunzipSync } from 'node:zlib'
import { GZIP_MIN_BYTES, encodeJsonBody } from '../../../../src/core/sync/wire'

const batch = { records: Array.from({ length: 20 }, (_, i) => ({ id: `r-${i}`, kind: 'visit', notes: '走访' })) }

async function withoutCompressionStream<T>(fn: () => Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'CompressionStream')
  delete (globalThis as { CompressionStream?: unknown }).CompressionStream
  try {
    return await fn()
  } finally {
    if (saved) Object.defineProperty(globalThis, 'CompressionStream', saved)
  }
}

it.each([
  ['CompressionStream', (fn: () => Promise<unknown>) => fn()],
  ['fflate', withoutCompressionStream],
])('gzips a batch with %s, the same bytes each time, and leaves a small body plain', async (_, run) => {
  const [a, b, small] = (await run(() => Promise.all([encodeJsonBody(batch), encodeJsonBody(batch), encodeJsonBody({ ids: ['a'] })]))) as Awaited<
    ReturnType<typeof encodeJsonBody>
  >[]
  expect(a.headers).toEqual({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
  expect(JSON.parse(gunzipSync(a.bytes).toString('utf8'))).toEqual(batch)
  expect(a.bytes.byteLength).toBeLessThan(JSON.stringify(batch).length / 3)
  expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true)
  expect(small.bytes.byteLength).toBeLessThan(GZIP_MIN_BYTES)
  expect(small.headers['Content-Encoding']).toBeUndefined()
  expect(new TextDecoder().decode(small.bytes)).toBe('{"ids":["a"]}')
})
