// Login codes, binding codes and session tokens are stored only as SHA-256 hashes; the random tokens and keys.
import { randomBytes } from 'node:crypto'
import { bytesToBase64url } from '@core/base64'
import { sha256Hex } from '@core/hash'

/** Codes are compared case-insensitively and without surrounding spaces, as people type them. */
export function hashCode(code: string): string {
  return sha256Hex(`code:${code.trim().toLowerCase()}`)
}

/** 256 random bits as base64url: session tokens and the workers' link keys. */
export function randomToken(): string {
  return bytesToBase64url(randomBytes(32))
}
