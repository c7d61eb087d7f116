import {
  attemptsFor,
  compress,
  CompressError,
  floorSize,
  keepsOriginal,
  nextAttempt,
  QUALITY_STEPS,
  sniffImageType,
  targetSize,
  type Attempt,
} from '../../../../src/core/media/compress-plan'
import { MEDIA_MAX_BYTES, MEDIA_TARGET_BYTES } from '../../../../src/core/schemas/media'

const KB = 1024

describe('targetSize', () => {
  it('brings a 1080×2400 screenshot to 720×1600', () => {
    expect(targetSize({ width: 1080, height: 2400 })).toEqual({ width: 720, height: 1600 })
  })

  it('caps the long side of a landscape photo at 1600', () => {
    expect(targetSize({ width: 4000, height: 3000 })).toEqual({ width: 1600, height: 1200 })
  })

  it('keeps 720 px across a long scrolling screenshot even if the long side then exceeds 1600', () => {
    expect(targetSize({ width: 1080, height: 4800 })).toEqual({ width: 720, height: 3200 })
  })

  it('never enlarges', () => {
    expect(targetSize({ width: 640, height: 480 })).toEqual({ width: 640, height: 480 })
    expect(targetSize({ width: 600, height: 3000 })).toEqual({ width: 600, height: 3000 })
  })
})

describe('floorSize', () => {
  it('is 720 on the short side, or the source when smaller', () => {
    expect(floorSize({ width: 3000, height: 4000 })).toEqual({ width: 720, height: 960 })
    expect(floorSize({ width: 500, height: 900 })).toEqual({ width: 500, height: 900 })
  })
})

describe('keepsOriginal', () => {
  it('keeps a small JPEG already within bounds', () => {
    expect(keepsOriginal({ width: 720, height: 1280, bytes: 150 * KB, mime: 'image/jpeg' })).toBe(true)
  })

  it('re-encodes what is too big in bytes or in pixels, or of a type the server refuses', () => {
    expect(keepsOriginal({ width: 720, height: 1280, bytes: 250 * KB, mime: 'image/jpeg' })).toBe(false)
    expect(keepsOriginal({ width: 1080, height: 2400, bytes: 150 * KB, mime: 'image/png' })).toBe(false)
    expect(keepsOriginal({ width: 720, height: 1280, bytes: 100 * KB, mime: 'image/heic' })).toBe(false)
  })
})

describe('attemptsFor', () => {
  it('steps quality down at the target size; a screenshot already at the floor gets no smaller size', () => {
    const a = attemptsFor({ width: 1080, height: 2400 })
    expect(a.map((x) => x.quality)).toEqual([...QUALITY_STEPS])
    expect(new Set(a.map((x) => `${x.width}x${x.height}`))).toEqual(new Set(['720x1600']))
  })

  it('ends with the smallest legible size for a big photo', () => {
    const a = attemptsFor({ width: 3000, height: 4000 })
    expect(a.slice(-2)).toEqual([
      { width: 720, height: 960, quality: 0.6 },
      { width: 720, height: 960, quality: 0.4 },
    ])
    expect(a.every((x) => Math.min(x.width, x.height) >= 720)).toBe(true)
  })
})

describe('nextAttempt', () => {
  const a = attemptsFor({ width: 3000, height: 4000 }) // 5 at 1200×1600, then 2 at 720×960

  it('stops as soon as a result fits', () => {
    expect(nextAttempt(a, 0, MEDIA_TARGET_BYTES)).toBeNull()
  })

  it('goes one step down when close, two when more than twice the target', () => {
    expect(nextAttempt(a, 0, MEDIA_TARGET_BYTES + 1)).toBe(1)
    expect(nextAttempt(a, 0, 2 * MEDIA_TARGET_BYTES + 1)).toBe(2)
  })

  it('does not skip the lowest quality of a size', () => {
    expect(nextAttempt(a, 3, 3 * MEDIA_TARGET_BYTES)).toBe(4)
    expect(nextAttempt(a, 4, 3 * MEDIA_TARGET_BYTES)).toBe(6)
  })

  it('ends after the last attempt', () => {
    expect(nextAttempt(a, a.length - 1, 3 * MEDIA_TARGET_BYTES)).toBeNull()
  })
})

describe('compress', () => {
  /** A fake encoder: bytes proportional to pixels and quality. */
  const fakeEncoder = (bytesPerPixelAtFull: number) => {
    const calls: Attempt[] = []
    const encode = async (at: Attempt) => {
      calls.push(at)
      return { bytes: Math.round(at.width * at.height * bytesPerPixelAtFull * at.quality), at }
    }
    return { calls, encode }
  }

  it('returns the first result within the target', async () => {
    // 720×1600 at q 0.8 → ~221 KB, q 0.7 → ~194 KB.
    const { calls, encode } = fakeEncoder(0.245)
    const out = await compress({ width: 1080, height: 2400 }, encode)
    expect(out.attempt.quality).toBe(0.7)
    expect(out.result.bytes).toBeLessThanOrEqual(MEDIA_TARGET_BYTES)
    expect(out.tries).toBe(2)
    expect(calls).toHaveLength(2)
  })

  it('falls back to the smallest legible size, and returns the smallest result when nothing fits', async () => {
    const { calls, encode } = fakeEncoder(1.2)
    const out = await compress({ width: 3000, height: 4000 }, encode)
    expect(calls.at(-1)).toEqual({ width: 720, height: 960, quality: 0.4 })
    expect(out.attempt).toEqual({ width: 720, height: 960, quality: 0.4 })
    expect(out.result.bytes).toBeGreaterThan(MEDIA_TARGET_BYTES)
  })

  it('refuses a result the server would refuse', async () => {
    const encode = async () => ({ bytes: MEDIA_MAX_BYTES + 1 })
    await expect(compress({ width: 1080, height: 2400 }, encode)).rejects.toBeInstanceOf(CompressError)
  })
})

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull()
  })
})
