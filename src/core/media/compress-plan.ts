// How a photo or screenshot is shrunk on the phone before it is stored and uploaded: target size, quality
// ladder and when to stop. Pure: the platform passes in the encoder (canvas toBlob on H5, WeChat's on weapp).
import { MEDIA_MAX_BYTES, MEDIA_MIN_SHORT_SIDE, MEDIA_TARGET_BYTES, MEDIA_TYPES, type MediaType } from './limits'

/** Long side cap: a 1080×2400 screenshot becomes 720×1600, which still reads like the phone screen. */
const MAX_LONG_SIDE = 1600
/** JPEG qualities tried in turn at the target size; below 0.4 text in screenshots smears. */
export const QUALITY_STEPS = [0.8, 0.7, 0.6, 0.5, 0.4] as const
/** Last resort for huge, noisy photos: the smallest legible size at these qualities. */
const FALLBACK_QUALITIES = [0.6, 0.4] as const

export interface Size {
  width: number
  height: number
}

export interface Attempt extends Size {
  /** JPEG quality in (0, 1]. */
  quality: number
}

export interface SourceImage extends Size {
  bytes: number
  /** As the platform reports it; anything outside MEDIA_TYPES is re-encoded. */
  mime: string
}

/**
 * Scales down so the long side fits MAX_LONG_SIDE, except that the short side never drops below `minShort`
 * (legibility wins: a long scrolling screenshot keeps 720 px across and stays tall). Never enlarges.
 */
export function targetSize(src: Size, minShort = MEDIA_MIN_SHORT_SIDE, maxLong = MAX_LONG_SIDE): Size {
  const short = Math.min(src.width, src.height)
  const long = Math.max(src.width, src.height)
  let scale = Math.min(1, maxLong / long)
  if (short * scale < minShort) scale = Math.min(1, minShort / short)
  return scaled(src, scale)
}

/** The smallest size still legible: `minShort` on the short side (or the source, if smaller). */
export function floorSize(src: Size, minShort = MEDIA_MIN_SHORT_SIDE): Size {
  return scaled(src, Math.min(1, minShort / Math.min(src.width, src.height)))
}

function scaled(src: Size, scale: number): Size {
  return { width: Math.max(1, Math.round(src.width * scale)), height: Math.max(1, Math.round(src.height * scale)) }
}

/** A JPEG, PNG or WebP that is already small and within the size bounds is kept byte for byte: re-encoding only loses detail. */
export function keepsOriginal(src: SourceImage, targetBytes = MEDIA_TARGET_BYTES): boolean {
  const t = targetSize(src)
  return (
    (MEDIA_TYPES as readonly string[]).includes(src.mime) &&
    src.bytes <= targetBytes &&
    t.width === src.width &&
    t.height === src.height
  )
}

/** The encodings to try, in order: the target size at falling quality, then the smallest legible size. */
export function attemptsFor(src: Size): Attempt[] {
  const target = targetSize(src)
  const out: Attempt[] = QUALITY_STEPS.map((quality) => ({ ...target, quality }))
  const floor = floorSize(src)
  if (floor.width < target.width) out.push(...FALLBACK_QUALITIES.map((quality) => ({ ...floor, quality })))
  return out
}

/**
 * Which attempt comes after attempt `index` gave `bytes`: null when it fits (stop), else the next index.
 * A result more than twice the target skips a quality step, since one step rarely saves half.
 * Example, target 200 KB: 0.8 → 520 KB, skip to 0.6 → 240 KB, then 0.5 → 190 KB, stop.
 */
export function nextAttempt(attempts: readonly Attempt[], index: number, bytes: number, targetBytes = MEDIA_TARGET_BYTES): number | null {
  if (bytes <= targetBytes) return null
  let next = index + (bytes > 2 * targetBytes ? 2 : 1)
  // A skip never passes the lowest quality at this size: that one is still worth a try before a smaller size.
  let lastAtSize = index
  while (lastAtSize + 1 < attempts.length && attempts[lastAtSize + 1].width === attempts[index].width) lastAtSize++
  if (index < lastAtSize && next > lastAtSize) next = lastAtSize
  return next < attempts.length ? next : null
}

export interface Encoded {
  bytes: number
}

export class CompressError extends Error {
  constructor(readonly code: 'TOO_LARGE', readonly bytes: number) {
    super(`compressed image still ${bytes} bytes`)
    this.name = 'CompressError'
  }
}

export interface CompressOutcome<T> {
  result: T
  attempt: Attempt
  tries: number
}

/**
 * Runs the ladder with the platform's encoder. Returns the first result within the target; if none is, the
 * smallest one, as long as the server would take it (MEDIA_MAX_BYTES), else throws CompressError.
 */
export async function compress<T extends Encoded>(
  src: Size,
  encode: (a: Attempt) => Promise<T>,
  targetBytes = MEDIA_TARGET_BYTES,
): Promise<CompressOutcome<T>> {
  const attempts = attemptsFor(src)
  let best: CompressOutcome<T> | null = null
  let tries = 0
  for (let i: number | null = 0; i !== null; ) {
    const attempt: Attempt = attempts[i]
    const result = await encode(attempt)
    tries++
    if (!best || result.bytes < best.result.bytes) best = { result, attempt, tries }
    i = nextAttempt(attempts, i, result.bytes, targetBytes)
  }
  if (!best || best.result.bytes > MEDIA_MAX_BYTES) throw new CompressError('TOO_LARGE', best?.result.bytes ?? 0)
  return { ...best, tries }
}

/** The type of an image from its first bytes (the platform's own label can be missing or wrong). */
export function sniffImageType(head: Uint8Array): MediaType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  if (head.length >= 8 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image/png'
  if (
    head.length >= 12 &&
    String.fromCharCode(head[0], head[1], head[2], head[3]) === 'RIFF' &&
    String.fromCharCode(head[8], head[9], head[10], head[11]) === 'WEBP'
  ) {
    return 'image/webp'
  }
  return null
}
