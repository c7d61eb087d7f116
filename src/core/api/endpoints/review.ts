// The review queue: officials read the flagged records and undecided conflicting resends of their area, and decide.
import {
  ConflictDecisionBodySchema,
  ConflictDecisionResponseSchema,
  ConflictIdParamsSchema,
  RecordIdParamsSchema,
  RecordReviewResponseSchema,
  ReviewAreaQuerySchema,
  ReviewCountsResponseSchema,
  ReviewDecisionBodySchema,
  ReviewQueueQuerySchema,
  ReviewQueueResponseSchema,
  ReviewUndoBodySchema,
} from '../../schemas/review'
import { endpoint } from '../endpoint'
import { OFFICIALS } from '../roles'

export const reviewQueue = endpoint({
  method: 'GET',
  path: '/review/queue',
  tag: 'review',
  summary: '核查队列：区域内待核查的记录（先收到的在前，附核查提示和依据）及未处理的内容不一致记录（两个版本对照）',
  callers: OFFICIALS,
  scope: 'area',
  query: ReviewQueueQuerySchema,
  response: ReviewQueueResponseSchema,
})

export const reviewCounts = endpoint({
  method: 'GET',
  path: '/review/counts',
  tag: 'review',
  summary: '区域内待核查记录数和未处理的内容不一致记录数',
  callers: OFFICIALS,
  scope: 'area',
  query: ReviewAreaQuerySchema,
  response: ReviewCountsResponseSchema,
})

export const recordReview = endpoint({
  method: 'GET',
  path: '/review/records/:id',
  tag: 'review',
  summary: '一条记录的核查状态、核查提示和处理经过',
  callers: OFFICIALS,
  scope: 'record',
  params: RecordIdParamsSchema,
  response: RecordReviewResponseSchema,
})

export const decideRecord = endpoint({
  method: 'POST',
  path: '/review/records/:id/decision',
  tag: 'review',
  summary: '核查结论：已核实，或不属实（须填写说明；不属实的记录立即不再计入任何统计）',
  callers: OFFICIALS,
  scope: 'record',
  params: RecordIdParamsSchema,
  body: ReviewDecisionBodySchema,
  response: RecordReviewResponseSchema,
})

export const undoDecision = endpoint({
  method: 'POST',
  path: '/review/records/:id/undo',
  tag: 'review',
  summary: '撤销最近一次核查结论，记录回到此前的状态（处理经过保留）',
  callers: OFFICIALS,
  scope: 'record',
  params: RecordIdParamsSchema,
  body: ReviewUndoBodySchema,
  response: RecordReviewResponseSchema,
})

export const decideConflict = endpoint({
  method: 'POST',
  path: '/review/conflicts/:id/decision',
  tag: 'review',
  summary: '内容不一致的记录：以原记录为准，或以新版本为准（新版本作为更正记录生效，原记录内容不变）',
  callers: OFFICIALS,
  scope: 'record',
  params: ConflictIdParamsSchema,
  body: ConflictDecisionBodySchema,
  response: ConflictDecisionResponseSchema,
})
