// The install's device id: random, made once, kept in storage; every record says which device made it.
import { readSync, writeSync } from './storage'
import { randomBytes } from './random'

const KEY = 'device:id'
let cached: string | null = null

export function deviceId(): string {
  if (cached) return cached
  cached = readSync(KEY)
  if (!cached) {
    cached = 'dev-' + Array.from(randomBytes(12), (b) => b.toString(16).padStart(2, '0')).join('')
    writeSync(KEY, cached)
  }
  return cached
}
