// Proof that a resident installed the 国家反诈中心 app, registered with their real name and switched on
// call/SMS warnings ("三个100%"): each step with its date, with screenshots.
import { z } from 'zod'
import { multilineText, text } from './text'
import { Sha256Schema } from './media'

import { INSTALL_STEPS } from '../install-steps'

export { INSTALL_STEPS, INSTALL_STEP_LABEL, type InstallStep } from '../install-steps'

export const InstallBodySchema = z.object({
  residentId: text().min(1).max(64),
  steps: z
    .array(z.object({ step: z.enum(INSTALL_STEPS), doneOn: z.iso.date() }))
    .min(1, '请至少勾选一个步骤')
    .max(3)
    .refine((s) => new Set(s.map((x) => x.step)).size === s.length, '步骤不能重复'),
  /** Whether a screenshot is needed is the campaign's setting (core/proof-policy.ts), checked by form and server. */
  screenshotShas: z.array(Sha256Schema).max(6),
  /** 居民不愿截图: the resident declined a screenshot; an explicit choice, never a missing proof. Optional, so earlier records hash as before. */
  screenshotDeclined: z.literal(true).optional(),
  notes: multilineText().max(200).default(''),
}).refine((b) => !(b.screenshotDeclined && b.screenshotShas.length > 0), { message: '已选择居民不愿截图，不能再附截图', path: ['screenshotShas'] })
export type InstallBody = z.infer<typeof InstallBodySchema>

// The app's pages still import this from here; its home is age-band.
export { inTargetAge } from '../age-band'
