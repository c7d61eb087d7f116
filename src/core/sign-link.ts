// Signing links for residents (居民自签): made on the worker's phone, offline, signed with the worker's link key;
// the server checks the signature, the expiry and that the link was not used before.
import { base64urlToBytes, bytesToBase64url } from './base64'
import { hmacSha256 } from './hash'

export const SIGN_LINK_DAYS = 7
const DAY = 86_400_000
/** The one rule for a link's age: the server refuses it this long after it was issued, whatever its `exp` says. */
export const SIGN_LINK_MAX_AGE_MS = SIGN_LINK_DAYS * DAY

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
  const payload: SignLinkPayload = { ...p, exp: p.exp ?? p.iat + SIGN_LINK_MAX_AGE_MS }
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

function base64url(text: string): string {
  return bytesToBase64url(utf8Encode(text))
}

function fromBase64url(s: string): string {
  return utf8Decode(base64urlToBytes(s))
}

// TextEncoder is missing on older WeChat base libraries; these cover the BMP and surrogate pairs.
function utf8Encode(s: string): Uint8Array {
  return new Uint8Array(unescape(encodeURIComponent(s)).split('').map((c) => c.charCodeAt(0)))
}

function utf8Decode(b: Uint8Array): string {
  return decodeURIComponent(escape(String.fromCharCode(...b)))
}
