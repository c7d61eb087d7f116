// Media routes: resumable upload of photos, screenshots and signatures by sha-256, upload status, and download.
import type { Readable } from 'node:stream'
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MEDIA_MAX_BYTES, MEDIA_TYPES } from '@core/schemas/media'
import { MediaPutHeadersSchema, MediaPutResultSchema, MediaShaParamsSchema, MediaStatusSchema } from '@core/schemas/media-upload'
import { currentUser } from '../auth/plugin'
import { appendChunk, mediaTooLarge, readMedia, uploadStatus, type MediaDeps } from '../services/media'

/** One PUT may carry a whole file (the app sends 256 KB chunks); a little room for nothing else. */
const PUT_BODY_LIMIT = MEDIA_MAX_BYTES + 64 * 1024

const ChunkSchema = z.instanceof(Buffer).meta({ type: 'string', format: 'binary' })
/** Documents the streamed file; a stream is sent as is, never serialised. */
const FileSchema = z.custom<Readable>().meta({ type: 'string', format: 'binary' })

export const mediaRoutes: FastifyPluginAsync<MediaDeps> = async (app, deps) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', app.authenticate)
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  // Here a body over the limit is a file over the limit, not a batch of records; everything else goes up.
  app.setErrorHandler((err) => {
    if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw mediaTooLarge(null)
    throw err
  })

  api.get(
    '/media/:sha/status',
    {
      schema: {
        tags: ['media'],
        summary: '查询图片上传进度（断点续传从 receivedBytes 继续）',
        security: [{ bearer: [] }],
        params: MediaShaParamsSchema,
        response: { 200: MediaStatusSchema },
      },
    },
    async (req) => uploadStatus(deps.db, req.params.sha),
  )

  api.put(
    '/media/:sha',
    {
      bodyLimit: PUT_BODY_LIMIT,
      // Refused on the header, before a byte of the body is read.
      onRequest: async (req) => {
        const total = Number(req.headers['upload-length'])
        if (total > MEDIA_MAX_BYTES) throw mediaTooLarge(total)
      },
      schema: {
        tags: ['media'],
        summary: '上传图片的一个分片（可重发、可断点续传）',
        description: [
          '请求体为文件中从 Upload-Offset 开始的字节（Content-Type: application/octet-stream，整个文件一次上传也可以）。',
          '与已收到部分重叠的重发分片直接确认；跳过未收到的部分返回 409 MEDIA_OFFSET_MISMATCH（details.receivedBytes 为应续传的位置）。',
          `Upload-Length 超过 ${MEDIA_MAX_BYTES} 字节返回 413 MEDIA_TOO_LARGE。收齐后校验：SHA-256 不符 422 MEDIA_HASH_MISMATCH，`,
          '不是 JPG/PNG/WebP 415 MEDIA_TYPE_NOT_ALLOWED，文件不完整 422 MEDIA_CORRUPT。已存在的文件再次上传直接返回 complete。',
        ].join(''),
        security: [{ bearer: [] }],
        consumes: ['application/octet-stream'],
        params: MediaShaParamsSchema,
        headers: MediaPutHeadersSchema,
        body: ChunkSchema,
        response: { 200: MediaPutResultSchema },
      },
    },
    async (req) =>
      appendChunk(deps, currentUser(req), req.params.sha, req.headers['upload-offset'], req.headers['upload-length'], req.body),
  )

  api.get(
    '/media/:sha',
    {
      schema: {
        tags: ['media'],
        summary: '下载图片（本人上传的，或本人范围内记录引用的；否则 403）',
        security: [{ bearer: [] }],
        params: MediaShaParamsSchema,
        produces: [...MEDIA_TYPES],
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const media = await readMedia(deps, currentUser(req), req.params.sha)
      // Content never changes under a sha, so the phone may keep it for good; private: it shows households.
      return reply
        .header('content-type', media.mime)
        .header('content-length', media.bytes)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(media.body)
    },
  )
}
