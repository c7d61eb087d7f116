// Which of the three install steps (安装, 实名注册, 开启预警) each resident has done: the server's dates from the
// last pull, filled in by this phone's install records that a pull has not reflected yet.
import { INSTALL_STEPS, type InstallStep } from './schemas/install'
import type { FieldRecord } from './schemas/record'
import type { Resident } from './schemas/sync'

interface StepDone {
  /** YYYY-MM-DD. */
  doneOn: string
  /** Known only from this phone's records (not yet confirmed by a pull). */
  local: boolean
}

export type InstallProgress = Record<InstallStep, StepDone | null>

const SERVER_FIELD: Record<InstallStep, 'installedOn' | 'realNameOn' | 'warningOnOn'> = {
  installed: 'installedOn',
  real_name: 'realNameOn',
  warning_on: 'warningOnOn',
}

type ResidentDates = Pick<Resident, 'id'> & Partial<Pick<Resident, 'installedOn' | 'realNameOn' | 'warningOnOn'>>

/** Records the server refused do not count; pending and synced ones do. */
interface RecordLike {
  record: FieldRecord
  state: string
}

/**
 * Example: the server says installed on 11-02; this phone holds a pending record with real_name on 11-20 →
 * installed 11-02 (server), real_name 11-20 (local), warning_on missing. Several local records for one step
 * keep the earliest date.
 */
export function installProgress(resident: ResidentDates, items: readonly RecordLike[]): InstallProgress {
  const out = {} as InstallProgress
  for (const step of INSTALL_STEPS) {
    const server = resident[SERVER_FIELD[step]]
    out[step] = server ? { doneOn: server, local: false } : null
  }
  for (const { record, state } of items) {
    if (record.kind !== 'install' || record.body.residentId !== resident.id) continue
    if (state === 'rejected' || state === 'conflict') continue
    for (const { step, doneOn } of record.body.steps) {
      const known = out[step]
      if (!known || (known.local && doneOn < known.doneOn)) out[step] = { doneOn, local: true }
    }
  }
  return out
}

export function missingSteps(progress: InstallProgress): InstallStep[] {
  return INSTALL_STEPS.filter((s) => !progress[s])
}

