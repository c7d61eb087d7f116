// Signing links for residents (居民自签): made on the worker's phone, offline, signed with the worker's link key;
// the server checks the signature, the expiry and that the link was not used before.
import { hmacSha256 } from './hash'

export const SIGN_LINK_DAYS = 7
const DAY = 86_400_000

export interface SignLinkPayload {
  /** Issuing user. */
  u: string
  /** Household. */
  h: string
  /** Template id and content hash the resident will see. */
  t: string
  v: string
  /** Issued and expiry, epoch ms. */
  iat: number
  exp: number
  /** Random nonce: a link can be used once. */
  n: string
}

export function createSignLink(key: string, p: Omit<SignLinkPayload, 'exp'> & { exp?: number }): string {
  const payload: SignLinkPayload = { ...p, exp: p.exp ?? p.iat + SIGN_LINK_DAYS * DAY }
  const body = base64url(JSON.stringify(payload))
  return `${body}.${bytesToBase64url(hmacSha256(key, body))}`
}

/** The payload, before its signature is checked: tells the server whose key to check it with. */
export function readSignLink(token: string): SignLinkPayload | null {
  const [body, sig] = token.split('.')
  if (!body || !sig || token.split('.').length !== 2) return null
  try {
    const p = JSON.parse(fromBase64url(body)) as SignLinkPayload
    const ok = ['u', 'h', 't', 'v', 'n'].every((k) => typeof p[k as keyof SignLinkPayload] === 'string') && Number.isFinite(p.iat) && Number.isFinite(p.exp)
    return ok ? p : null
  } catch {
    return null
  }
}

export function signLinkSignatureValid(token: string, key: string): boolean {
  const [body, sig] = token.split('.')
  if (!body || !sig) return false
  const expected = bytesToBase64url(hmacSha256(key, body))
  if (expected.length !== sig.length) return false
  let diff = 0
  for (let i = 0; i < sig.length; i++) diff |= expected.charCodeAt(i) ^ sig.charCodeAt(i)
  return diff === 0
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function bytesToBase64url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = [B64[(n >> 18) & 63], B64[(n >> 12) & 63], B64[(n >> 6) & 63], B64[n & 63]]
    out += chars.slice(0, i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2).join('')
  }
  return out
}

function base64url(text: string): string {
  return bytesToBase64url(utf8Encode(text))
}

function fromBase64url(s: string): string {
  const bytes: number[] = []
  let buf = 0
  let bits = 0
  for (const ch of s) {
    const v = B64.indexOf(ch)
    if (v < 0) throw new Error('bad base64url')
    buf = (buf << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes.push((buf >> bits) & 0xff)
    }
  }
  return utf8Decode(new Uint8Array(bytes))
}

// TextEncoder is missing on older WeChat base libraries; these cover the BMP and surrogate pairs.
function utf8Encode(s: string): Uint8Array {
  return new Uint8Array(unescape(encodeURIComponent(s)).split('').map((c) => c.charCodeAt(0)))
}

function utf8Decode(b: Uint8Array): string {
  return decodeURIComponent(escape(String.fromCharCode(...b)))
}
