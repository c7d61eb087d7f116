// The review queue officials read (待核查 records with their flags and evidence, undecided conflicting resends with
// both versions), one record's review history, and the decisions they take.
import { z } from 'zod'
import { multilineText, text } from './text'
import { REVIEW_STATES } from '../review'

export const ReviewAreaQuerySchema = z.object({
  /** A grid, village, town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
})

export const ReviewQueueQuerySchema = ReviewAreaQuerySchema.extend({
  /** The `next` of the previous page: records received after it. */
  after: text().regex(/^\d{1,15}-\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuerySchema>

/** One labelled line of a record, in plain Chinese: { label: '走访结果', value: '见面宣传' }. */
export const FieldLineSchema = z.object({ label: text(), value: text() })
export type FieldLine = z.infer<typeof FieldLineSchema>

export const ReviewFlagSchema = z.object({
  kind: text(),
  /** 截图重复使用, 速度异常…; the kind itself for a kind this version does not know. */
  label: text(),
  /** What was seen, in one plain sentence. */
  description: multilineText(),
  evidence: z.record(text(), z.unknown()),
  createdAt: text(),
  /** A reused screenshot: this record's picture and the other record's, to show side by side. */
  pair: z
    .object({ sha: text(), otherSha: text(), otherRecordId: text(), otherDoorplate: text().nullable(), otherResidentName: text().nullable() })
    .nullable(),
})
export type ReviewFlag = z.infer<typeof ReviewFlagSchema>

export const ReviewRecordSchema = z.object({
  recordId: text(),
  kind: text(),
  /** 走访, 承诺书, 资料发放, APP安装, 名册变更. */
  kindLabel: text(),
  state: z.enum(REVIEW_STATES),
  stateLabel: text(),
  householdId: text(),
  doorplate: text(),
  headName: text(),
  gridName: text(),
  villageId: text(),
  villageName: text(),
  authorName: text(),
  /** ISO: when it happened by the phone and when the server received it. */
  occurredAt: text(),
  receivedAt: text(),
  fields: z.array(FieldLineSchema),
  flags: z.array(ReviewFlagSchema),
  /** The pictures the record names (screenshots, signatures, photos). */
  mediaShas: z.array(text()),
})
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>

export const ReviewConflictSchema = z.object({
  /** Identifies the conflicting version (record_conflicts.seq). */
  conflictId: text(),
  recordId: text(),
  kindLabel: text(),
  doorplate: text(),
  headName: text(),
  gridName: text(),
  villageName: text(),
  authorName: text(),
  storedReceivedAt: text(),
  conflictReceivedAt: text(),
  /** The same labels on both sides, in the same order; `differs` marks the lines that are not the same. */
  lines: z.array(z.object({ label: text(), stored: text(), conflicting: text(), differs: z.boolean() })),
})
export type ReviewConflict = z.infer<typeof ReviewConflictSchema>

const AreaRef = z.object({ id: text(), name: text(), level: text() })

export const ReviewQueueResponseSchema = z.object({
  area: AreaRef,
  /** 待核查, oldest received first. */
  records: z.array(ReviewRecordSchema),
  /** Pass as `after` for the next page; null on the last page. */
  next: text().nullable(),
  /** Undecided conflicting resends of the area, oldest first (on the first page only). */
  conflicts: z.array(ReviewConflictSchema),
})
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponseSchema>

export const ReviewCountsResponseSchema = z.object({ area: AreaRef, flagged: z.number().int(), conflicts: z.number().int() })
export type ReviewCountsResponse = z.infer<typeof ReviewCountsResponseSchema>

export const RecordIdParamsSchema = z.object({ id: text().min(1).max(64) })
export const ConflictIdParamsSchema = z.object({ id: text().regex(/^\d{1,15}$/) })

export const ReviewEventSchema = z.object({
  from: z.enum(REVIEW_STATES),
  to: z.enum(REVIEW_STATES),
  /** 系统 for an automatic flag. */
  byName: text(),
  at: text(),
  /** flag, review, undo, spot_check, conflict. */
  source: text(),
  comment: multilineText(),
})
export type ReviewEvent = z.infer<typeof ReviewEventSchema>

export const RecordReviewResponseSchema = z.object({
  record: ReviewRecordSchema,
  history: z.array(ReviewEventSchema),
  /** Whether 撤销 has a decision to take back. */
  canUndo: z.boolean(),
})
export type RecordReviewResponse = z.infer<typeof RecordReviewResponseSchema>

export const ReviewDecisionBodySchema = z.object({
  decision: z.enum(['verified', 'false']),
  /** Required for 不属实 (REVIEW_COMMENT_REQUIRED). */
  comment: multilineText().trim().max(500).default(''),
})
export type ReviewDecisionBody = z.infer<typeof ReviewDecisionBodySchema>

export const ReviewUndoBodySchema = z.object({ comment: multilineText().trim().max(500).default('') })

export const ConflictDecisionBodySchema = z.object({
  /** first: the stored version stands. second: the conflicting version was right and takes effect as a correction. */
  decision: z.enum(['first', 'second']),
  comment: multilineText().trim().max(500).default(''),
})
export type ConflictDecisionBody = z.infer<typeof ConflictDecisionBodySchema>

export const ConflictDecisionResponseSchema = z.object({
  conflictId: text(),
  decision: z.enum(['first', 'second']),
  /** The correction that carries the second version, when it was chosen. */
  correctionId: text().nullable(),
})
