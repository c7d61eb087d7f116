// Login codes, binding codes and session tokens are stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto'

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex')
}

/** Codes are compared case-insensitively and without surrounding spaces, as people type them. */
export function hashCode(code: string): string {
  return sha256Hex(`code:${code.trim().toLowerCase()}`)
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}
