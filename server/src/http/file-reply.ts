// The one way a route sends a file: type, download name, caching and no sniffing, as bytes or a stream.
import type { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'

export interface FileName {
  /** The name the user sees (Chinese allowed). */
  utf8: string
  /** A plain-ASCII fallback for clients that ignore filename*. */
  ascii: string
}

export interface FileReply {
  body: Buffer | Readable
  mime: string
  /** Offered as an attachment under this name; an inline file (an image) has none. */
  fileName?: FileName
  length?: number
  /** Content that never changes under its URL (media by sha-256) may be kept by the phone for good. */
  immutable?: boolean
}

/** A name part safe on Windows, where the files are opened: no reserved characters, spaces or control characters. */
export function safeFilePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\s\p{Cc}]+/gu, '_') || '_'
}

export function contentDisposition(name: FileName): string {
  const encoded = encodeURIComponent(name.utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encoded}`
}

export function sendFile(reply: FastifyReply, file: FileReply): FastifyReply {
  reply
    .header('content-type', file.mime)
    .header('cache-control', file.immutable ? 'private, max-age=31536000, immutable' : 'private, no-store')
    .header('x-content-type-options', 'nosniff')
  if (file.fileName) reply.header('content-disposition', contentDisposition(file.fileName))
  if (file.length !== undefined) reply.header('content-length', file.length)
  return reply.send(file.body)
}
