// The weekly ranking job (排名通报): every town's villages and the county's towns, for the China week just ended.
// Once-only across server processes sharing a database: the job_runs row (UNIQUE job, period_key) is inserted
// with ON CONFLICT DO NOTHING in the same transaction as the rankings, so exactly one process's rankings commit.
// Example: two processes compute week 2026-11-16 at once; the second's insert finds the row and its work is
// dropped. On PostgreSQL the second insert waits for the first transaction: if that one rolls back (crash), the
// second wins instead, so a crash never leaves a week claimed but unranked.
import { WEEK_MS, chinaDate, chinaDateStart, chinaWeekStart } from '@core/china-time'
import { dueRankingWeek } from '@core/targets'
import type { RankingRow } from '@core/schemas/targets'
import type { Db } from '../db/database'
import { areasOfLevels, type Area } from '../services/areas'
import { campaignsInForce, firstCampaignStart } from '../queries/campaigns'
import { claimRun, finishRun, hasRun, runKeysFrom } from '../queries/job-runs'
import { insertRankings } from '../queries/rankings'
import { computeRanking, emptyFigures, figuresAt, sumFigures, type Figures } from '../services/rankings'

export const WEEKLY_RANKING_JOB = 'weekly_ranking'

export interface RankingRunResult {
  /** Monday of the ranked week, YYYY-MM-DD. */
  week: string
  /** False when another run (this process or another) had already stored this week. */
  ran: boolean
  rankings: number
}

/** How far back a run fills in weeks missed while no server ran (about half a year). */
export const MAX_BACKFILL_WEEKS = 26

/** Ranks the week ending at the most recent Monday 00:00 China time before `now`. */
export async function runWeeklyRanking(db: Db, now: number, owner = `pid-${process.pid}`): Promise<RankingRunResult> {
  return rankWeek(db, chinaWeekStart(now) - WEEK_MS, owner)
}

/**
 * Ranks every unranked week from the campaign start (at most MAX_BACKFILL_WEEKS back) to the week ending at
 * `upTo` (a Monday 00:00 China time), oldest first so each week's change is against the week before it.
 * Each week is claimed on its own, so two processes back-filling at once still store each week once.
 */
export async function runMissedRankings(db: Db, upTo: number, owner = `pid-${process.pid}`): Promise<RankingRunResult[]> {
  return rankWeeks(db, await missedWeeks(db, upTo), owner)
}

/** The Mondays (epoch ms) of the weeks runMissedRankings would rank: a few cheap reads. */
export async function missedWeeks(db: Db, upTo: number): Promise<number[]> {
  const firstStart = await firstCampaignStart(db.kysely)
  const last = upTo - WEEK_MS
  const earliest = last - (MAX_BACKFILL_WEEKS - 1) * WEEK_MS
  const first = firstStart ? Math.max(earliest, chinaWeekStart(chinaDateStart(firstStart))) : last
  const done = await runKeysFrom(db.kysely, WEEKLY_RANKING_JOB, chinaDate(first))
  const weeks: number[] = []
  for (let start = first; start <= last; start += WEEK_MS) if (!done.has(chinaDate(start))) weeks.push(start)
  return weeks
}

/** Ranks the given weeks (Mondays, epoch ms), oldest first. */
export async function rankWeeks(db: Db, weeks: number[], owner: string): Promise<RankingRunResult[]> {
  const results: RankingRunResult[] = []
  for (const start of [...weeks].sort((a, b) => a - b)) results.push(await rankWeek(db, start, owner))
  return results
}

/** Ranks the China week starting at `start` (a Monday 00:00), unless some run already has. */
async function rankWeek(db: Db, start: number, owner: string): Promise<RankingRunResult> {
  const end = start + WEEK_MS
  const week = chinaDate(start)
  if (await hasRun(db.kysely, WEEKLY_RANKING_JOB, week)) return { week, ran: false, rankings: 0 }

  const startedAt = Date.now()
  const parents = await areasOfLevels(db, ['county', 'town'])
  const campaigns = await campaignsInForce(db.kysely, parents, end - 1)
  const computed: { parent: Area; campaignId: string | null; rows: RankingRow[] }[] = []
  // Towns first: a county's figure for a town is the sum of that town's village figures, so the county's
  // ranking needs no second pass over the records (a third of the job's time at county scale).
  const townTotals = new Map<string, Figures>()
  for (const parent of [...parents.filter((p) => p.level === 'town'), ...parents.filter((p) => p.level === 'county')]) {
    const campaignId = campaigns.get(parent.id)?.id ?? null
    let figures: Map<string, Figures> | undefined
    if (parent.level === 'town') {
      figures = await figuresAt(db, parent, end)
      townTotals.set(parent.id, sumFigures(figures.values()))
    } else {
      figures = new Map(parents.filter((t) => t.parent_id === parent.id).map((t) => [t.id, townTotals.get(t.id) ?? emptyFigures()]))
    }
    computed.push({ parent, campaignId, rows: await computeRanking(db, parent, start, end, figures) })
  }

  const won = await db.kysely.transaction().execute(async (trx) => {
    if (!(await claimRun(trx, WEEKLY_RANKING_JOB, week, owner, startedAt))) return false
    await insertRankings(trx, computed.map((c) => ({ areaId: c.parent.id, campaignId: c.campaignId, weekStart: start, rows: c.rows })), Date.now())
    await finishRun(trx, WEEKLY_RANKING_JOB, week, Date.now())
    return true
  })
  return { week, ran: won, rankings: won ? computed.length : 0 }
}

export interface SchedulerOptions {
  weekday: number
  hour: number
  checkMs: number
  owner: string
  now?: () => number
  log?: (msg: string) => void
  onError?: (err: unknown) => void
  /** How due weeks get ranked; by default in this thread (see ranking-worker.ts for off it). */
  rank?: (weeks: number[]) => Promise<RankingRunResult[]>
}

/**
 * Checks every `checkMs` whether the configured weekday and hour of this China week have passed and last week's
 * ranking is missing, and makes it, along with any earlier week missed (see runMissedRankings). One check at a
 * time per process; returns a stop function.
 */
export function startRankingScheduler(db: Db, opts: SchedulerOptions): () => void {
  const now = opts.now ?? Date.now
  const rank = opts.rank ?? ((weeks: number[]) => rankWeeks(db, weeks, opts.owner))
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      // Before the due hour last week waits, but weeks before it missed while no server ran are filled in.
      const t = now()
      const upTo = dueRankingWeek(t, opts.weekday, opts.hour)?.end ?? chinaWeekStart(t) - WEEK_MS
      const weeks = await missedWeeks(db, upTo)
      if (weeks.length === 0) return
      for (const r of await rank(weeks)) {
        if (r.ran) opts.log?.(`已生成 ${r.week} 当周排名通报：${r.rankings} 份`)
      }
    } catch (err) {
      opts.onError?.(err)
    } finally {
      running = false
    }
  }
  const timer = setInterval(tick, opts.checkMs)
  void tick()
  return () => clearInterval(timer)
}
