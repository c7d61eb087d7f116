// The flag thresholds a deployment sets (config.ts FLAG_*) over the rules' defaults.
import type { Config } from '../config'
import { DEFAULT_FLAG_SETTINGS, type FlagSettings } from './rules'

export function flagSettingsOf(config: Pick<Config, 'FLAG_PACE_HOUSEHOLDS' | 'FLAG_PACE_MINUTES' | 'FLAG_NIGHT_HOURS'>): FlagSettings {
  const [from, to] = config.FLAG_NIGHT_HOURS.split('-').map(Number)
  return {
    ...DEFAULT_FLAG_SETTINGS,
    pace: { maxHouseholds: config.FLAG_PACE_HOUSEHOLDS, windowMs: config.FLAG_PACE_MINUTES * 60_000 },
    time: { ...DEFAULT_FLAG_SETTINGS.time, night: { fromMinute: from * 60, toMinute: to * 60 } },
  }
}
