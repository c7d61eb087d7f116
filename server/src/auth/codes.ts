// The codes a person types or scans: setup, login and binding codes, random from an alphabet without look-alikes.
import { randomInt } from 'node:crypto'
import { hashCode } from './secrets'

/** No 0/O, 1/I/L: read off a screen or a phone call without mix-ups. 31 symbols, about 4.95 bits each. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** Lengths: a 20-symbol login code is ~99 bits, a 16-symbol binding code ~79 bits (it also expires), setup ~158. */
export const CODE_LENGTH = { login: 20, bind: 16, setup: 32 } as const

/** `length` random symbols in groups of four: `K7QM-3XPA-…`. */
export function newCode(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % 4 === 0) out += '-'
    out += ALPHABET[randomInt(ALPHABET.length)]
  }
  return out
}

/**
 * The stored hashes a typed code may match. Issued codes are stored without their dashes, so `k7qm 3xpa…` and
 * `K7QM-3XPA-…` both sign in; the demo's codes (`demo-t1-v01`) were stored as typed, dashes included.
 */
export function codeHashes(typed: string): string[] {
  return [...new Set([hashCode(typed), hashCode(typed.replace(/[\s-]+/g, ''))])]
}

/** The hash an issued code is stored under. */
export function issuedCodeHash(code: string): string {
  return hashCode(code.replace(/[\s-]+/g, ''))
}
