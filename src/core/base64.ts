// Base64 (standard, padded) and base64url (unpadded) in plain TypeScript: btoa is missing on WeChat, and the
// phone's and the server's encodings must match byte for byte.
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const s = encode(bytes, STANDARD)
  return s + '='.repeat((4 - (s.length % 4)) % 4)
}

export function bytesToBase64url(bytes: ArrayBuffer | Uint8Array): string {
  return encode(bytes, URL_SAFE)
}

/** Padding is optional; any other character outside the alphabet throws. */
export function base64ToBytes(s: string): Uint8Array {
  return decode(s, STANDARD)
}

export function base64urlToBytes(s: string): Uint8Array {
  return decode(s, URL_SAFE)
}

function encode(buf: ArrayBuffer | Uint8Array, alphabet: string): string {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf)
  let out = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63]
    if (i + 1 < b.length) out += alphabet[(n >> 6) & 63]
    if (i + 2 < b.length) out += alphabet[n & 63]
  }
  return out
}

function decode(s: string, alphabet: string): Uint8Array {
  const text = s.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let buf = 0
  let bits = 0
  let j = 0
  for (const ch of text) {
    const v = alphabet.indexOf(ch)
    if (v < 0) throw new Error(`not base64: ${JSON.stringify(ch)}`)
    buf = ((buf << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[j++] = (buf >> bits) & 0xff
    }
  }
  return out.subarray(0, j)
}
