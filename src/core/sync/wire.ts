// Push bodies go gzipped: a visit is ~450 bytes of JSON, most of it field names and ids the batch repeats, and
// ~70 bytes compressed. The server (@fastify/compress) inflates any request sent with Content-Encoding: gzip.
// fflate is pure JavaScript, so the same code runs in the browser and in WeChat (which has no CompressionStream).
import { gzipSync, strToU8 } from 'fflate'

/** Below this a body is sent as it is: gzip's 18-byte frame would gain nothing. */
export const GZIP_MIN_BYTES = 256

export interface EncodedBody {
  bytes: Uint8Array
  headers: Record<string, string>
}

/** The JSON body as UTF-8, gzipped when that is worth it; with the headers that say so. */
export function encodeJsonBody(body: unknown): EncodedBody {
  const raw = strToU8(JSON.stringify(body))
  if (raw.byteLength < GZIP_MIN_BYTES) return { bytes: raw, headers: { 'Content-Type': 'application/json' } }
  // mtime 0: the same batch gives the same bytes (a retry is identical).
  return { bytes: gzipSync(raw, { level: 9, mtime: 0 }), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } }
}
