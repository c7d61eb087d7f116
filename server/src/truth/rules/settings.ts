// Thresholds of the pace, place and time flags: defaults here, a server config may override any of them.
import { DAY_MS, HOUR_MS } from '@core/china-time'

const MINUTE_MS = 60_000

export interface FlagSettings {
  pace: {
    /** More distinct households than this by one worker within windowMs is flagged; exactly this many is not. */
    maxHouseholds: number
    windowMs: number
  }
  samePoint: {
    /** This many distinct households or more visited by one worker within radiusM of one point, within windowMs. */
    minHouseholds: number
    radiusM: number
    windowMs: number
  }
  place: {
    /** A visit farther than the grid's radius times this from its centre is outside the grid. */
    radiusTolerance: number
    /** Consumer GPS is never better than a few metres: a reported accuracy below this is not a real fix. */
    minAccuracyM: number
  }
  time: {
    /** The phone's clock this far ahead of the server's receipt time is wrong. */
    maxAheadMs: number
    /** A record made this long before it arrived: no outbox waits that long, the clock is wrong. */
    maxBehindMs: number
    /** Visits from fromMinute to toMinute (minutes after midnight, China time; may wrap midnight) are at night. */
    night: { fromMinute: number; toMinute: number }
  }
}

export const DEFAULT_FLAG_SETTINGS: FlagSettings = {
  pace: { maxHouseholds: 12, windowMs: 10 * MINUTE_MS },
  samePoint: { minHouseholds: 5, radiusM: 15, windowMs: 60 * MINUTE_MS },
  place: { radiusTolerance: 1.5, minAccuracyM: 1 },
  time: {
    maxAheadMs: 24 * HOUR_MS,
    maxBehindMs: 30 * DAY_MS,
    night: { fromMinute: 22 * 60, toMinute: 6 * 60 },
  },
}
