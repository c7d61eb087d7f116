// The pledge (承诺书): a resident signs the town's current template; the record names the exact version.
import { z } from 'zod'
import { multilineText, text } from './text'
import { nameKey } from '../names'
import { Sha256Schema } from './media'

export const PLEDGE_CHANNELS = ['worker_device', 'resident_link'] as const

export const PledgeBodySchema = z.object({
  templateId: text().min(1).max(64),
  /** SHA-256 of the template's title and text as the resident saw them. */
  templateHash: Sha256Schema,
  signerName: text().trim().min(2, '请填写签名人姓名').max(20),
  /** The signing resident when known; otherwise the name identifies the signer within the household. */
  residentId: text().min(1).max(64).nullable().default(null),
  /** The handwritten signature as a PNG, uploaded as media. */
  signatureSha: Sha256Schema,
  signedAt: z.iso.datetime({ offset: true }),
  channel: z.enum(PLEDGE_CHANNELS).default('worker_device'),
})
export type PledgeBody = z.infer<typeof PledgeBodySchema>

export const PledgeTemplateSchema = z.object({
  id: text(),
  title: text(),
  content: multilineText(),
  version: z.number().int(),
  contentHash: Sha256Schema,
})
export type PledgeTemplate = z.infer<typeof PledgeTemplateSchema>

/** The hash a pledge record must carry: title and text joined by a newline, UTF-8, SHA-256. */
export function templateHashInput(t: { title: string; content: string }): string {
  return `${t.title}\n${t.content}`
}

/**
 * Signers are matched by resident id, else by the name's match key (core/names.ts: invisible characters, spaces,
 * full-width forms and look-alikes folded): the same person signing twice counts once. A plain name keeps the key it
 * had before (n:张三); stored keys were recomputed by migration 2026_11_30_0016_signer_keys.
 */
export function signerKey(p: { residentId: string | null; signerName: string }): string {
  return p.residentId ? `r:${p.residentId}` : `n:${nameKey(p.signerName)}`
}
