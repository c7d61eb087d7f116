// The gzip of push bodies where there is no CompressionStream (WeChat, older browsers); wire.ts imports it only then.
// Its own module so that the import names only what it uses: the weapp build's Babel turns wire.ts's import() into a
// require of the whole module, which for fflate itself would bring all of it into the main package.
import { gzipSync, strToU8 } from 'fflate'

export const utf8 = strToU8

/** mtime 0: the same batch gives the same bytes (a retry is identical). */
export const gzip = (raw: Uint8Array): Uint8Array => gzipSync(raw, { level: 9, mtime: 0 })
