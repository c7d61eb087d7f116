// The rotation command: re-encrypts every resident phone with the first key of PHONE_KEYS and reports what each
// key still holds. Usage (README, 居民电话加密): put the new key first in PHONE_KEYS, keep the old one after it, run
//   PHONE_KEYS=new:…,old:… PHONE_INDEX_KEY=… DATABASE_URL=… npx tsx server/src/crypto/rotate-phone-key.ts
// (or restart the server, which does the same at start), then drop the old key once it holds nothing.
import { loadConfig } from '../config'
import { migrateToLatest, openDatabase } from '../db/database'
import { phoneKeyringFromEnv, usePhoneKeyring } from './phone-cipher'
import { encryptStoredPhones, phonesByKey } from './phone-rotation'

async function main(): Promise<void> {
  usePhoneKeyring(phoneKeyringFromEnv(process.env))
  const config = loadConfig()
  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  try {
    await migrateToLatest(db)
    const rewritten = await encryptStoredPhones(db)
    console.log(`已用新密钥重新加密 ${rewritten} 个居民电话；各密钥现存：${JSON.stringify(await phonesByKey(db))}`)
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
