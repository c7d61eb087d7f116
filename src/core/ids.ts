// Client-generated record ids: UUIDv7 (RFC 9562), time-ordered so an outbox sorted by id is FIFO.

export type RandomBytes = (n: number) => Uint8Array

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

let lastMs = -1
let lastSeq = 0

/**
 * A UUIDv7 string. Within one millisecond a 12-bit counter in rand_a keeps ids
 * strictly increasing, so records made in a burst keep their order.
 */
export function uuidv7(nowMs: number, randomBytes: RandomBytes): string {
  const bytes = randomBytes(16)
  if (nowMs > lastMs) {
    lastMs = nowMs
    lastSeq = (((bytes[6] & 0x0f) << 8) | bytes[7]) & 0x7ff // leave head-room for the counter
  } else if (++lastSeq > 0xfff) {
    // Same millisecond (or a clock that went back) with the counter spent: borrow the next millisecond.
    lastMs += 1
    lastSeq = 0
  }
  const ms = lastMs
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff
  bytes[2] = (ms >>> 24) & 0xff
  bytes[3] = (ms >>> 16) & 0xff
  bytes[4] = (ms >>> 8) & 0xff
  bytes[5] = ms & 0xff
  bytes[6] = 0x70 | ((lastSeq >>> 8) & 0x0f)
  bytes[7] = lastSeq & 0xff
  bytes[8] = 0x80 | (bytes[8] & 0x3f)
  let out = ''
  for (let i = 0; i < 16; i++) {
    out += HEX[bytes[i]]
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-'
  }
  return out
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Milliseconds since epoch encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
}
