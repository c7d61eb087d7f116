// Retention purge from the command line (npm run purge): lists what RETENTION_DAYS after each campaign's end would
// delete; with --apply deletes it (services/retention.ts). Reads the same settings as the server (DATABASE_URL, …).
import { formatPurgePlan, purgeExpired } from '../services/retention'
import { openBlobStore } from '../blob/open-store'
import { loadConfig } from '../config'
import { migrateToLatest, openDatabase } from '../db/database'

async function main(argv: string[]): Promise<void> {
  const apply = argv.includes('--apply')
  const config = loadConfig()
  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  try {
    await migrateToLatest(db)
    const plan = await purgeExpired({ db, blobs: await openBlobStore(config) }, Date.now(), config.RETENTION_DAYS, { dryRun: !apply })
    console.log(formatPurgePlan(plan, apply))
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err)
  process.exit(1)
})
