// Schemas for bytes on the wire: a file answer and a raw request body. Documented as binary in OpenAPI.
import { z } from 'zod'

/** A file answer (bytes or a stream), sent as is and never serialised. */
export const FileResponseSchema = z.custom<unknown>().meta({ type: 'string', format: 'binary' })

/** A raw request body (application/octet-stream). */
export const BytesBodySchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' })
