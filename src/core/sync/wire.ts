// Push bodies go gzipped: a visit is ~450 bytes of JSON, most of it field names and ids the batch repeats, and
// ~70 bytes compressed. The server (@fastify/compress) inflates any request sent with Content-Encoding: gzip.
// The browser's own CompressionStream does it where there is one; fflate (pure JavaScript) only where there is not
// (WeChat, older browsers), imported when first needed (gzip-fflate.ts) so that the H5 list does not load it before it
// is usable (issue 14). The weapp build's Babel turns that import into a require: the mini-program keeps it in its package.

/** Below this a body is sent as it is: gzip's 18-byte frame would gain nothing. */
export const GZIP_MIN_BYTES = 256

export interface EncodedBody {
  bytes: Uint8Array
  headers: Record<string, string>
}

const JSON_HEADERS = { 'Content-Type': 'application/json' }
const GZIP_HEADERS = { ...JSON_HEADERS, 'Content-Encoding': 'gzip' }

/** The JSON body as UTF-8, gzipped when that is worth it; with the headers that say so. */
export async function encodeJsonBody(body: unknown): Promise<EncodedBody> {
  const json = JSON.stringify(body)
  if (typeof CompressionStream !== 'function' || typeof TextEncoder !== 'function') return encodeWithFflate(json)
  const raw = new TextEncoder().encode(json)
  if (raw.byteLength < GZIP_MIN_BYTES) return { bytes: raw, headers: JSON_HEADERS }
  // The stream writes mtime 0 in its header, so the same batch gives the same bytes (a retry is identical).
  const gzipped = new Blob([raw]).stream().pipeThrough(new CompressionStream('gzip'))
  return { bytes: new Uint8Array(await new Response(gzipped).arrayBuffer()), headers: GZIP_HEADERS }
}

async function encodeWithFflate(json: string): Promise<EncodedBody> {
  const { gzip, utf8 } = await import('./gzip-fflate')
  const raw = utf8(json)
  if (raw.byteLength < GZIP_MIN_BYTES) return { bytes: raw, headers: JSON_HEADERS }
  return { bytes: gzip(raw), headers: GZIP_HEADERS }
}
