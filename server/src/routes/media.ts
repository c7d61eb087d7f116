// Media routes: resumable upload of photos, screenshots and signatures by sha-256, upload status, and download.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import { MEDIA_MAX_BYTES } from '@core/schemas/media'
import { route } from '../http/route'
import { appendChunk, mediaTooLarge, readMedia, uploadStatus, type MediaDeps } from '../services/media'
import type { ScreenshotQueue } from '../truth/screenshot-queue'
import { auditMediaRead } from '../services/read-audit'

/** One PUT may carry a whole file (the app sends 256 KB chunks); a little room for nothing else. */
const PUT_BODY_LIMIT = MEDIA_MAX_BYTES + 64 * 1024

export const mediaRoutes: FastifyPluginAsync<MediaDeps & { screenshots: ScreenshotQueue }> = async (app, deps) => {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  // Here a body over the limit is a file over the limit, not a batch of records; everything else goes up.
  app.setErrorHandler((err) => {
    if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw mediaTooLarge(null)
    throw err
  })

  route(app, API.mediaStatus, async ({ user, params }) => uploadStatus(deps.db, user, params.sha))
  route(
    app,
    API.mediaPut,
    async ({ user, params, req, body }) => {
      const headers = API.mediaPut.headers.parse(req.headers)
      const result = await appendChunk(deps, user, params.sha, headers['upload-offset'], headers['upload-length'], Buffer.from(body.buffer, body.byteOffset, body.byteLength))
      // A screenshot arriving after the install record that names it is checked now (see truth/screenshot-check.ts).
      if (result.state === 'complete') deps.screenshots.add([params.sha])
      return result
    },
    {
      bodyLimit: PUT_BODY_LIMIT,
      // Refused on the header, before a byte of the body is read.
      onRequest: [
        async (req) => {
          const total = Number(req.headers['upload-length'])
          if (total > MEDIA_MAX_BYTES) throw mediaTooLarge(total)
        },
      ],
    },
  )
  route(app, API.mediaGet, async ({ user, params }) => {
    const media = await readMedia(deps, user, params.sha)
    await auditMediaRead(deps.db, user, params.sha, media, deps.now())
    // Content never changes under a sha, so the phone may keep it for good; private: it shows households.
    return { body: media.body, mime: media.mime, length: media.bytes, immutable: true }
  })
}
