// Job runs: which period of a scheduled job some server process has done (UNIQUE job, period_key).
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export async function hasRun(k: Kysely<Database>, job: string, periodKey: string): Promise<boolean> {
  const row = await k.selectFrom('job_runs').select('job').where('job', '=', job).where('period_key', '=', periodKey).executeTakeFirst()
  return Boolean(row)
}

/** The period keys of the job's runs from `fromKey` on (keys sort as their periods, e.g. YYYY-MM-DD). */
export async function runKeysFrom(k: Kysely<Database>, job: string, fromKey: string): Promise<Set<string>> {
  const rows = await k.selectFrom('job_runs').select('period_key').where('job', '=', job).where('period_key', '>=', fromKey).execute()
  return new Set(rows.map((r) => r.period_key))
}

/**
 * Claims a period for this run; false when another run has it. On PostgreSQL a claim made by a transaction still
 * open waits for it: if that one rolls back, this claim wins.
 */
export async function claimRun(k: Kysely<Database>, job: string, periodKey: string, owner: string, startedAt: number): Promise<boolean> {
  const claimed = await k
    .insertInto('job_runs')
    .values({ job, period_key: periodKey, started_at: startedAt, finished_at: null, owner })
    .onConflict((oc) => oc.columns(['job', 'period_key']).doNothing())
    .returning('job')
    .executeTakeFirst()
  return Boolean(claimed)
}

export async function finishRun(k: Kysely<Database>, job: string, periodKey: string, finishedAt: number): Promise<void> {
  await k.updateTable('job_runs').set({ finished_at: finishedAt }).where('job', '=', job).where('period_key', '=', periodKey).execute()
}
