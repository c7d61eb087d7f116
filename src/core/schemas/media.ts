// Media (photos, screenshots, signatures): content-addressed by SHA-256, uploaded apart from the records naming them.
import { text } from './text'

export const Sha256Schema = text().regex(/^[0-9a-f]{64}$/, '不是有效的文件指纹（SHA-256）')

export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

/** The server refuses anything larger; the app compresses screenshots to ~200 KB before this matters. */
export const MEDIA_MAX_BYTES = 2 * 1024 * 1024
/** Screenshots must stay legible: the app keeps at least this many pixels on the short side when it can. */
export const MEDIA_MIN_SHORT_SIDE = 720
export const MEDIA_TARGET_BYTES = 200 * 1024
