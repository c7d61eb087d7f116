// The field loop: records up, households and residents down, media by sha-256 in resumable chunks.
import { ConflictStatusRequestSchema, ConflictStatusResponseSchema, PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema } from '../../schemas/sync'
import { MEDIA_TYPES } from '../../schemas/media'
import { MediaPutHeadersSchema, MediaPutResultSchema, MediaShaParamsSchema, MediaStatusSchema } from '../../schemas/media-upload'
import { BytesBodySchema, FileResponseSchema } from '../binary'
import { endpoint } from '../endpoint'
import { ANY_ROLE, WORKERS } from '../roles'

export const syncPush = endpoint({
  method: 'POST',
  path: '/sync/push',
  tag: 'sync',
  summary: '批量上传记录，逐条返回结果（可安全重发）',
  // Field records are the grid workers' own; an official who finds one wrong decides it in review (truth/review.ts).
  callers: WORKERS,
  scope: 'own-grid',
  body: PushRequestSchema,
  response: PushResponseSchema,
})

export const syncPull = endpoint({
  method: 'GET',
  path: '/sync/pull',
  tag: 'sync',
  summary: '按游标拉取本人范围内有变化的户和人员',
  callers: ANY_ROLE,
  scope: 'area',
  query: PullQuerySchema,
  response: PullResponseSchema,
})

export const mediaStatus = endpoint({
  method: 'GET',
  path: '/media/:sha/status',
  tag: 'media',
  summary: '查询图片上传进度（断点续传从 receivedBytes 继续）；不能查看该图片、也未在上传它的人一律得到“未上传”',
  callers: ANY_ROLE,
  scope: 'media',
  params: MediaShaParamsSchema,
  response: MediaStatusSchema,
})

export const mediaPut = endpoint({
  method: 'PUT',
  path: '/media/:sha',
  tag: 'media',
  summary: '上传图片的一个分片（可重发、可断点续传）',
  description: [
    '请求体为文件中从 Upload-Offset 开始的字节（Content-Type: application/octet-stream，整个文件一次上传也可以）。',
    '与已收到部分重叠的重发分片直接确认；跳过未收到的部分返回 409 MEDIA_OFFSET_MISMATCH（details.receivedBytes 为应续传的位置）。',
    'Upload-Length 超过上限返回 413 MEDIA_TOO_LARGE。收齐后校验：SHA-256 不符 422 MEDIA_HASH_MISMATCH，',
    '不是 JPG/PNG/WebP 415 MEDIA_TYPE_NOT_ALLOWED，文件不完整 422 MEDIA_CORRUPT。已存在的文件再次上传直接返回 complete。',
  ].join(''),
  callers: ANY_ROLE,
  scope: 'media',
  params: MediaShaParamsSchema,
  headers: MediaPutHeadersSchema,
  body: BytesBodySchema,
  rawBody: true,
  response: MediaPutResultSchema,
})

export const mediaGet = endpoint({
  method: 'GET',
  path: '/media/:sha',
  tag: 'media',
  summary: '下载图片（本人上传的，或本人范围内记录引用的；否则 403）',
  callers: ANY_ROLE,
  scope: 'media',
  params: MediaShaParamsSchema,
  file: MEDIA_TYPES,
  response: FileResponseSchema,
})

export const syncConflictStatus = endpoint({
  method: 'POST',
  path: '/sync/conflict-status',
  tag: 'sync',
  summary: '查询本人内容不一致的记录是否已由管理人员核定（已核定的可从手机上清除）',
  callers: WORKERS,
  scope: 'self',
  body: ConflictStatusRequestSchema,
  response: ConflictStatusResponseSchema,
})
