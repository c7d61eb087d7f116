// Hand-outs of leaflets and notices (宣传资料发放), with a signed receipt (回执) for materials that need one.
import { z } from 'zod'
import { text } from './text'
import { Sha256Schema } from './media'

export const HandoutBodySchema = z.object({
  items: z
    .array(z.object({ materialId: text().min(1).max(64), quantity: z.number().int().min(1).max(1000) }))
    .min(1, '请至少选择一种资料')
    .max(20),
  recipientName: text().trim().max(20).default(''),
  residentId: text().min(1).max(64).nullable().default(null),
  /** Signature of the recipient, required when any item's material needs a receipt. */
  receiptSignatureSha: Sha256Schema.nullable().default(null),
  handedAt: z.iso.datetime({ offset: true }),
  photoShas: z.array(Sha256Schema).max(9).optional(),
})
export type HandoutBody = z.infer<typeof HandoutBodySchema>

export const MaterialSchema = z.object({
  id: text(),
  name: text(),
  needsReceipt: z.boolean(),
})
export type Material = z.infer<typeof MaterialSchema>
