// The resumable media upload protocol, shared by the server route and the device's MediaQueue.
//
//   GET media/:sha/status  → MediaStatus: where to resume ('missing' → offset 0).
//   PUT media/:sha         Content-Type: application/octet-stream, Upload-Offset: n, Upload-Length: total,
//                                  body = bytes [n, n + body length) of the file → MediaPutResult.
// A chunk at the current offset is appended; a resent chunk overlapping what already arrived is acknowledged
// without writing again; a chunk past the current offset is a gap: 409 MEDIA_OFFSET_MISMATCH with
// { receivedBytes } in details. When the last byte arrives the server checks sha-256, type and integrity.
import { z } from 'zod'
import { Sha256Schema } from './media'

export const MEDIA_UPLOAD_STATES = ['complete', 'partial', 'missing'] as const
export type MediaUploadState = (typeof MEDIA_UPLOAD_STATES)[number]

export { MEDIA_CHUNK_BYTES } from '../media/limits'

export const MediaShaParamsSchema = z.object({ sha: Sha256Schema })

export const MediaStatusSchema = z.object({
  sha256: Sha256Schema,
  state: z.enum(MEDIA_UPLOAD_STATES),
  receivedBytes: z.number().int().min(0),
  /** The Upload-Length of the upload in progress, or the stored size; null when nothing has arrived. */
  totalBytes: z.number().int().min(0).nullable(),
})
export type MediaStatus = z.infer<typeof MediaStatusSchema>

export const MediaPutHeadersSchema = z.object({
  'upload-offset': z.coerce.number().int().min(0).describe('本分片第一个字节在文件中的位置'),
  'upload-length': z.coerce.number().int().min(1).describe('整个文件的字节数'),
})

export const MediaPutResultSchema = z.object({
  state: z.enum(['complete', 'partial']),
  receivedBytes: z.number().int().min(0),
})
export type MediaPutResult = z.infer<typeof MediaPutResultSchema>
