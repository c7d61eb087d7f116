// The review queue officials read (待核查 records with their flags and evidence, undecided conflicting resends with
// both versions), one record's review history, and the decisions they take.
import { z } from 'zod'
import { REVIEW_STATES } from '../review'

export const ReviewAreaQuerySchema = z.object({
  /** A grid, village, town or the county in the caller's scope; defaults to the caller's own area. */
  areaId: z.string().min(1).max(64).optional(),
})

export const ReviewQueueQuerySchema = ReviewAreaQuerySchema.extend({
  /** The `next` of the previous page: records received after it. */
  after: z.string().regex(/^\d{1,15}-\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuerySchema>

/** One labelled line of a record, in plain Chinese: { label: '走访结果', value: '见面宣传' }. */
export const FieldLineSchema = z.object({ label: z.string(), value: z.string() })
export type FieldLine = z.infer<typeof FieldLineSchema>

export const ReviewFlagSchema = z.object({
  kind: z.string(),
  /** 截图重复使用, 速度异常…; the kind itself for a kind this version does not know. */
  label: z.string(),
  /** What was seen, in one plain sentence. */
  description: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /** A reused screenshot: this record's picture and the other record's, to show side by side. */
  pair: z
    .object({ sha: z.string(), otherSha: z.string(), otherRecordId: z.string(), otherDoorplate: z.string().nullable(), otherResidentName: z.string().nullable() })
    .nullable(),
})
export type ReviewFlag = z.infer<typeof ReviewFlagSchema>

export const ReviewRecordSchema = z.object({
  recordId: z.string(),
  kind: z.string(),
  /** 走访, 承诺书, 资料发放, APP安装, 名册变更. */
  kindLabel: z.string(),
  state: z.enum(REVIEW_STATES),
  stateLabel: z.string(),
  householdId: z.string(),
  doorplate: z.string(),
  headName: z.string(),
  gridName: z.string(),
  villageId: z.string(),
  villageName: z.string(),
  authorName: z.string(),
  /** ISO: when it happened by the phone and when the server received it. */
  occurredAt: z.string(),
  receivedAt: z.string(),
  fields: z.array(FieldLineSchema),
  flags: z.array(ReviewFlagSchema),
  /** The pictures the record names (screenshots, signatures, photos). */
  mediaShas: z.array(z.string()),
})
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>

export const ReviewConflictSchema = z.object({
  /** Identifies the conflicting version (record_conflicts.seq). */
  conflictId: z.string(),
  recordId: z.string(),
  kindLabel: z.string(),
  doorplate: z.string(),
  headName: z.string(),
  gridName: z.string(),
  villageName: z.string(),
  authorName: z.string(),
  storedReceivedAt: z.string(),
  conflictReceivedAt: z.string(),
  /** The same labels on both sides, in the same order; `differs` marks the lines that are not the same. */
  lines: z.array(z.object({ label: z.string(), stored: z.string(), conflicting: z.string(), differs: z.boolean() })),
})
export type ReviewConflict = z.infer<typeof ReviewConflictSchema>

const AreaRef = z.object({ id: z.string(), name: z.string(), level: z.string() })

export const ReviewQueueResponseSchema = z.object({
  area: AreaRef,
  /** 待核查, oldest received first. */
  records: z.array(ReviewRecordSchema),
  /** Pass as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
  /** Undecided conflicting resends of the area, oldest first (on the first page only). */
  conflicts: z.array(ReviewConflictSchema),
})
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponseSchema>

export const ReviewCountsResponseSchema = z.object({ area: AreaRef, flagged: z.number().int(), conflicts: z.number().int() })
export type ReviewCountsResponse = z.infer<typeof ReviewCountsResponseSchema>

export const RecordIdParamsSchema = z.object({ id: z.string().min(1).max(64) })
export const ConflictIdParamsSchema = z.object({ id: z.string().regex(/^\d{1,15}$/) })

export const ReviewEventSchema = z.object({
  from: z.enum(REVIEW_STATES),
  to: z.enum(REVIEW_STATES),
  /** 系统 for an automatic flag. */
  byName: z.string(),
  at: z.string(),
  /** flag, review, undo, spot_check, conflict. */
  source: z.string(),
  comment: z.string(),
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
  comment: z.string().trim().max(500).default(''),
})
export type ReviewDecisionBody = z.infer<typeof ReviewDecisionBodySchema>

export const ReviewUndoBodySchema = z.object({ comment: z.string().trim().max(500).default('') })

export const ConflictDecisionBodySchema = z.object({
  /** first: the stored version stands. second: the conflicting version was right and takes effect as a correction. */
  decision: z.enum(['first', 'second']),
  comment: z.string().trim().max(500).default(''),
})
export type ConflictDecisionBody = z.infer<typeof ConflictDecisionBodySchema>

export const ConflictDecisionResponseSchema = z.object({
  conflictId: z.string(),
  decision: z.enum(['first', 'second']),
  /** The correction that carries the second version, when it was chosen. */
  correctionId: z.string().nullable(),
})
