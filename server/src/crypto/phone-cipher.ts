// Residents' phone numbers encrypted at rest (#12 item 12): AES-256-GCM with a key from the environment, the key's
// id stored with each ciphertext so keys can rotate, and a keyed HMAC of the last 3 and 4 digits (phone_index) so
// the search by a phone's tail (truth/fraud-cases.ts) still finds candidates in SQL. Masking is unchanged: it
// happens after reading, on the plain number.
//
// Stored form: `pe1.<keyId>.<base64url(iv 12 | tag 16 | ciphertext)>`. A value without the prefix is a phone
// stored before encryption; encryptStoredPhones() turns those into ciphertext at start.
//
// Keys (PHONE_KEYS): `id:base64-of-32-bytes`, comma-separated, the first encrypts, every one decrypts; the blind
// index key (PHONE_INDEX_KEY, base64 of 32 bytes) never rotates with them. Without them a demo or development
// server uses a fixed, published key; NODE_ENV=production refuses to start without both.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'pe1.'
const ID = /^[A-Za-z0-9_-]{1,32}$/

export interface PhoneKeyring {
  currentId: string
  keys: Map<string, Buffer>
  indexKey: Buffer
}

/** The demo's key: in the source, so anyone can read a demo database's phones. Never used in production. */
const DEV_KEYRING: PhoneKeyring = {
  currentId: 'dev',
  keys: new Map([['dev', createHash('sha256').update('fanzha demo phone key, not secret').digest()]]),
  indexKey: createHash('sha256').update('fanzha demo phone index key, not secret').digest(),
}

let keyring: PhoneKeyring = DEV_KEYRING

function key32(text: string, name: string): Buffer {
  const key = Buffer.from(text, 'base64')
  if (key.length !== 32) throw new Error(`${name} 应为 32 字节密钥的 base64（如 openssl rand -base64 32 的输出）`)
  return key
}

/** The keyring the environment names; the demo's when neither is set outside production. */
export function phoneKeyringFromEnv(env: NodeJS.ProcessEnv): PhoneKeyring {
  const listed = env.PHONE_KEYS?.trim()
  const index = env.PHONE_INDEX_KEY?.trim()
  if (!listed || !index) {
    if (env.NODE_ENV === 'production') throw new Error('生产环境必须设置 PHONE_KEYS 与 PHONE_INDEX_KEY（居民电话加密密钥），见 README')
    if (!listed && !index) return DEV_KEYRING
    throw new Error('PHONE_KEYS 与 PHONE_INDEX_KEY 须同时设置')
  }
  const keys = new Map<string, Buffer>()
  for (const entry of listed.split(',')) {
    const colon = entry.indexOf(':')
    const id = entry.slice(0, colon).trim()
    if (colon < 0 || !ID.test(id)) throw new Error('PHONE_KEYS 的每项应为 编号:base64密钥，编号只含字母、数字、_ 和 -')
    if (keys.has(id)) throw new Error(`PHONE_KEYS 中密钥编号 ${id} 重复`)
    keys.set(id, key32(entry.slice(colon + 1).trim(), `PHONE_KEYS 中的 ${id}`))
  }
  return { currentId: [...keys.keys()][0], keys, indexKey: key32(index, 'PHONE_INDEX_KEY') }
}

/** Sets the process's keyring (at start, from the environment; tests to rotate). */
export function usePhoneKeyring(next: PhoneKeyring): void {
  keyring = next
}

export function currentPhoneKeyId(): string {
  return keyring.currentId
}

export function isEncryptedPhone(value: string): boolean {
  return value.startsWith(PREFIX)
}

/** The id of the key a stored value was encrypted with, or null for a plain (not yet encrypted) value. */
export function phoneKeyIdOf(stored: string): string | null {
  if (!isEncryptedPhone(stored)) return null
  return stored.slice(PREFIX.length, stored.indexOf('.', PREFIX.length))
}

export function encryptPhone(plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyring.keys.get(keyring.currentId)!, iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return `${PREFIX}${keyring.currentId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`
}

/** The plain number; a plain stored value is returned as it is. */
export function decryptPhone(stored: string): string {
  if (!isEncryptedPhone(stored)) return stored
  const id = phoneKeyIdOf(stored)!
  const key = keyring.keys.get(id)
  if (!key) throw new Error(`居民电话的密钥 ${id} 不在 PHONE_KEYS 中，无法解密`)
  const raw = Buffer.from(stored.slice(PREFIX.length + id.length + 1), 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
  decipher.setAuthTag(raw.subarray(12, 28))
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
}

/** The keyed digest of a phone's last `n` digits, as phone_index holds it. */
export function phoneTailDigest(digits: string): string {
  return createHmac('sha256', keyring.indexKey).update(`tail:${digits}`).digest('base64url').slice(0, 16)
}

/** phone_index for a plain number: the digests of its last 3 and last 4 digits, `<d3> <d4>`. */
export function phoneIndex(plain: string | null): string | null {
  const digits = plain?.replace(/\D/g, '') ?? ''
  if (digits.length < 3) return null
  return `${phoneTailDigest(digits.slice(-3))} ${digits.length >= 4 ? phoneTailDigest(digits.slice(-4)) : '-'}`
}

/** A LIKE pattern on phone_index for candidates whose phone ends with `digits` (3 or more); the caller checks the rest. */
export function phoneIndexPattern(digits: string): string {
  return digits.length === 3 ? `${phoneTailDigest(digits)} %` : `% ${phoneTailDigest(digits.slice(-4))}`
}
