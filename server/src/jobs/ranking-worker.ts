// Ranks weeks on a worker thread with its own database connection. A ranking reads through the records table
// (tens of seconds a week for a county of 500,000 households, see bench/README.md), and better-sqlite3 runs each
// query synchronously: on the server's own thread that would stall every request until it finished.
import path from 'node:path'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { rankWeeks, type RankingRunResult } from './weekly-ranking'

interface Job {
  job: 'rank-weeks'
  database: { databaseUrl?: string; sqliteFile: string }
  weeks: number[]
  owner: string
}

// Run from TypeScript sources (tsx), the thread runs this file with the same loader. In the compiled server
// (server/build.mjs bundles this code into dist/main.js) the thread runs dist/ranking-worker.js, built from this file.
const FROM_SOURCES = path.extname(__filename) === '.ts'
const WORKER_FILE = FROM_SOURCES ? __filename : path.join(__dirname, 'ranking-worker.js')
const WORKER_EXEC_ARGV = FROM_SOURCES ? ['--require', 'tsx/cjs'] : []

/** A `rank` for startRankingScheduler that runs each batch of weeks on a fresh worker thread. */
export function rankInWorker(database: Job['database'], owner: string): (weeks: number[]) => Promise<RankingRunResult[]> {
  return (weeks) =>
    new Promise((resolve, reject) => {
      const job: Job = { job: 'rank-weeks', database, weeks, owner }
      const worker = new Worker(WORKER_FILE, { workerData: job, execArgv: WORKER_EXEC_ARGV })
      let results: RankingRunResult[] | null = null
      worker.once('message', (m: RankingRunResult[]) => (results = m))
      worker.once('error', reject)
      worker.once('exit', (code) => (results ? resolve(results) : reject(new Error(`排名通报计算线程异常退出（${code}）`))))
    })
}

async function runJob(job: Job): Promise<void> {
  const db = openDatabase(job.database)
  try {
    parentPort!.postMessage(await rankWeeks(db, job.weeks, job.owner))
  } finally {
    await db.close()
  }
}

if (!isMainThread && (workerData as Job | undefined)?.job === 'rank-weeks') void runJob(workerData as Job)
