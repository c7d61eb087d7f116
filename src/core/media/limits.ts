// What a media file may be: its types and sizes, for the phone that compresses and uploads and the server that
// checks. No zod here: the worker's list opens the upload queue before any schema is needed.
export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

/** The server refuses anything larger; the app compresses screenshots to ~200 KB before this matters. */
export const MEDIA_MAX_BYTES = 2 * 1024 * 1024
/** Screenshots must stay legible: the app keeps at least this many pixels on the short side when it can. */
export const MEDIA_MIN_SHORT_SIDE = 720
export const MEDIA_TARGET_BYTES = 200 * 1024

/** Chunk size the app sends: one bar of signal moves 256 KB in a few seconds, so a cut loses little. */
export const MEDIA_CHUNK_BYTES = 256 * 1024
