// 投诉建议: what a worker, an official or a resident (through their signing link) sends, and how the items are listed.
import { z } from 'zod'
import { FEEDBACK_CATEGORIES, FEEDBACK_MAX_CHARS, FEEDBACK_STATUSES } from '../feedback'
import { multilineText, text } from './text'

/** Made on the phone, so a resend of the same item changes nothing (same id, different body: 409). */
const FeedbackIdSchema = text().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, '不是有效的编号')
const FeedbackTextSchema = multilineText().trim().min(1, '请填写内容').max(FEEDBACK_MAX_CHARS, `内容不能超过 ${FEEDBACK_MAX_CHARS} 字`)

export const NewFeedbackSchema = z.object({
  id: FeedbackIdSchema,
  category: z.enum(FEEDBACK_CATEGORIES),
  text: FeedbackTextSchema,
})
export type NewFeedback = z.infer<typeof NewFeedbackSchema>

/** A resident may leave a phone number to be called back; nothing else identifies them but the link they came from. */
export const NewPublicFeedbackSchema = NewFeedbackSchema.extend({
  contactPhone: text()
    .trim()
    .regex(/^1\d{10}$/, '请填写 11 位手机号，或留空')
    .nullable()
    .default(null),
})
export type NewPublicFeedback = z.infer<typeof NewPublicFeedbackSchema>

export const FeedbackItemSchema = z.object({
  id: text(),
  category: z.enum(FEEDBACK_CATEGORIES),
  text: multilineText(),
  status: z.enum(FEEDBACK_STATUSES),
  /** 居民 for a resident, otherwise the sender's name. */
  fromName: text(),
  /** Set for a resident's item: their household's doorplate. */
  doorplate: text().nullable(),
  areaName: text(),
  /** Full for the county admin, masked (138****5678) for everyone else; null when none was given. */
  contactPhone: text().nullable(),
  answer: multilineText().nullable(),
  answeredBy: text().nullable(),
  answeredAt: z.number().int().nullable(),
  createdAt: z.number().int(),
})
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>

export const FeedbackListSchema = z.object({ items: z.array(FeedbackItemSchema) })
export type FeedbackList = z.infer<typeof FeedbackListSchema>

export const FeedbackListQuerySchema = z.object({
  /** A town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
  status: z.enum(FEEDBACK_STATUSES).optional(),
})

export const FeedbackParamsSchema = z.object({ id: text().min(1).max(64) })

export const FeedbackAnswerSchema = z.object({
  status: z.enum(FEEDBACK_STATUSES),
  /** Required for 已答复; may be left out to only mark an item 处理中. */
  answer: FeedbackTextSchema.nullable().default(null),
})
export type FeedbackAnswer = z.infer<typeof FeedbackAnswerSchema>
