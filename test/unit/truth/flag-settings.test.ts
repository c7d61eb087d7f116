// A deployment's FLAG_* settings replace the rules' defaults; a malformed one stops the server at start.
import { loadConfig } from '../../../server/src/config'
import { flagSettingsOf } from '../../../server/src/truth/flag-settings'
import { DEFAULT_FLAG_SETTINGS } from '../../../server/src/truth/rules'

it('takes the defaults when nothing is set', () => {
  expect(flagSettingsOf(loadConfig({}))).toEqual(DEFAULT_FLAG_SETTINGS)
})

it('reads the pace window and the night hours', () => {
  const s = flagSettingsOf(loadConfig({ FLAG_PACE_HOUSEHOLDS: '20', FLAG_PACE_MINUTES: '15', FLAG_NIGHT_HOURS: '23-5' }))
  expect(s.pace).toEqual({ maxHouseholds: 20, windowMs: 15 * 60_000 })
  expect(s.time.night).toEqual({ fromMinute: 23 * 60, toMinute: 5 * 60 })
  expect(s.samePoint).toEqual(DEFAULT_FLAG_SETTINGS.samePoint)
})

it('refuses night hours it cannot read', () => {
  expect(() => loadConfig({ FLAG_NIGHT_HOURS: '25-6' })).toThrow(/FLAG_NIGHT_HOURS/)
  expect(() => loadConfig({ FLAG_PACE_HOUSEHOLDS: '0' })).toThrow(/FLAG_PACE_HOUSEHOLDS/)
})
