// 投诉建议: what a worker, an official or a resident (through their signing link) sends, and how the items are listed.
import { z } from 'zod'
import { DATA_REQUEST_DECISIONS, DATA_REQUEST_KINDS } from '../data-request'
import { FEEDBACK_CATEGORIES, FEEDBACK_MAX_CHARS, FEEDBACK_STATUSES } from '../feedback'
import { PledgeBodySchema } from './pledge'
import { multilineText, text } from './text'

/** Made on the phone, so a resend of the same item changes nothing (same id, different body: 409). */
const FeedbackIdSchema = text().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, '不是有效的编号')
const FeedbackTextSchema = multilineText().trim().min(1, '请填写内容').max(FEEDBACK_MAX_CHARS, `内容不能超过 ${FEEDBACK_MAX_CHARS} 字`)

const FeedbackBaseSchema = z.object({
  id: FeedbackIdSchema,
  category: z.enum(FEEDBACK_CATEGORIES),
  text: FeedbackTextSchema,
  /** With 个人信息: 查阅 / 更正 / 撤回 of the pledge (a resident's: the one their link signed). */
  request: z.enum(DATA_REQUEST_KINDS).nullable().default(null),
})

/** A worker files a resident's request naming the pledge (its record id); other senders leave it out. */
export const NewFeedbackSchema = FeedbackBaseSchema.extend({
  recordId: text().min(1).max(64).nullable().default(null),
})
export type NewFeedback = z.infer<typeof NewFeedbackSchema>

/** A resident may leave a phone number to be called back; nothing else identifies them but the link they came from. */
export const NewPublicFeedbackSchema = FeedbackBaseSchema.extend({
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
  /** 个人信息 requests: what is asked, and what the official did (null until decided). */
  request: z.enum(DATA_REQUEST_KINDS).nullable(),
  decision: z.enum(DATA_REQUEST_DECISIONS).nullable(),
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

/** A 个人信息 request as an official handles it: the item, and the pledge it is about as stored now. */
export const DataRequestSchema = z.object({
  item: FeedbackItemSchema,
  pledge: z
    .object({
      recordId: text(),
      signerName: text(),
      signedAt: z.number().int(),
      doorplate: text(),
      verificationCode: text(),
      withdrawn: z.boolean(),
    })
    .nullable(),
})
export type DataRequest = z.infer<typeof DataRequestSchema>

export const DataRequestListSchema = z.object({ items: z.array(DataRequestSchema) })
export type DataRequestList = z.infer<typeof DataRequestListSchema>

export const DataRequestListQuerySchema = z.object({
  /** A village, town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
  /** Undecided (the default) or every request. */
  open: z.enum(['true', 'false']).default('true'),
})

/** 答复 (查阅, or a refusal with its reason), 更正 the signer's name, or 撤回 the pledge; the answer is always written. */
export const DataRequestDecisionSchema = z.object({
  decision: z.enum(DATA_REQUEST_DECISIONS),
  answer: FeedbackTextSchema,
  /** For 更正: the signer's name as it should be. */
  signerName: PledgeBodySchema.shape.signerName.nullable().default(null),
})
export type DataRequestDecisionBody = z.infer<typeof DataRequestDecisionSchema>
