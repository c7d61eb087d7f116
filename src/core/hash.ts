// SHA-256 and HMAC in pure JS (@noble/hashes), so the mini-program, the H5 app and the server hash alike.
import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha256'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'

export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data))
}

export function hmacSha256(key: string, message: string): Uint8Array {
  return hmac(sha256, utf8ToBytes(key), utf8ToBytes(message))
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * The 8-character code printed on both copies of a pledge (一式两份), derived from the record id so the phone
 * can show it offline: Crockford base32 (no I, L, O, U), easy to read out on the phone.
 */
export function verificationCode(recordId: string): string {
  const digest = sha256(utf8ToBytes(`pledge:${recordId}`))
  let out = ''
  for (let i = 0; i < 8; i++) out += CROCKFORD[digest[i] & 31]
  return out
}
