import { installProgress, missingSteps } from '../../../src/core/install-progress'
import type { FieldRecord } from '../../../src/core/schemas/record'

const SHA = 'a'.repeat(64)

function install(residentId: string, steps: Array<[string, string]>): FieldRecord {
  return {
    id: '0190f0c0-0000-7000-8000-000000000000',
    kind: 'install',
    householdId: 'h1',
    replaces: null,
    deviceId: 'd',
    createdAt: '2026-11-20T08:00:00+08:00',
    body: { residentId, steps: steps.map(([step, doneOn]) => ({ step, doneOn })), screenshotShas: [SHA], notes: '' },
  } as FieldRecord
}

describe('installProgress', () => {
  it('takes the server dates, then fills gaps from this phone', () => {
    const p = installProgress({ id: 'r1', installedOn: '2026-11-02', realNameOn: null, warningOnOn: null }, [
      { record: install('r1', [['real_name', '2026-11-20']]), state: 'pending' },
    ])
    expect(p).toEqual({
      installed: { doneOn: '2026-11-02', local: false },
      real_name: { doneOn: '2026-11-20', local: true },
      warning_on: null,
    })
    expect(missingSteps(p)).toEqual(['warning_on'])
  })

  it('ignores other residents, other kinds and records the server refused', () => {
    const p = installProgress({ id: 'r1' }, [
      { record: install('r2', [['installed', '2026-11-20']]), state: 'pending' },
      { record: install('r1', [['installed', '2026-11-20']]), state: 'rejected' },
    ])
    expect(missingSteps(p)).toEqual(['installed', 'real_name', 'warning_on'])
  })

  it('keeps the earliest local date, and a server date over any local one', () => {
    const p = installProgress({ id: 'r1', warningOnOn: '2026-11-21' }, [
      { record: install('r1', [['installed', '2026-11-19'], ['warning_on', '2026-11-01']]), state: 'synced' },
      { record: install('r1', [['installed', '2026-11-10']]), state: 'pending' },
    ])
    expect(p.installed).toEqual({ doneOn: '2026-11-10', local: true })
    expect(p.warning_on).toEqual({ doneOn: '2026-11-21', local: false })
  })
})
