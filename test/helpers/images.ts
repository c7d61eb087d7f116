// Real image files made on the spot, deterministic per seed: PNG through zlib, JPEG through jpeg-js.
//
// They look roughly like phone screenshots: a pale background, coloured bars like list rows, and a band of
// noise standing in for photos and text, which is what makes them ~200 KB instead of a few KB.
import { createHash } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'
import jpeg from 'jpeg-js'

export interface ImageOptions {
  seed?: number
  /** Share of the rows (0–1) filled with noise; more noise, bigger file. */
  noise?: number
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** An 8-bit RGB PNG with IHDR, one IDAT and IEND. */
export function makePng(width: number, height: number, opts: ImageOptions = {}): Buffer {
  const rgba = paint(width, height, opts)
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0, o = 0; y < height; y++) {
    raw[o++] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      raw[o++] = rgba[i]
      raw[o++] = rgba[i + 1]
      raw[o++] = rgba[i + 2]
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit, truecolour, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 1 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

export function makeJpeg(width: number, height: number, opts: ImageOptions & { quality?: number } = {}): Buffer {
  const data = paint(width, height, opts)
  return Buffer.from(jpeg.encode({ data, width, height }, opts.quality ?? 80).data)
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** RGBA pixels: the seed moves the bars, colours and noise, so every seed gives a different picture. */
function paint(width: number, height: number, { seed = 1, noise = 0.05 }: ImageOptions): Buffer {
  const rand = mulberry32(seed)
  const px = Buffer.alloc(width * height * 4)
  const words = new Uint32Array(px.buffer, px.byteOffset, width * height)
  const rowH = 60 + Math.floor(rand() * 60)
  const bar = [rand() * 255, rand() * 255, rand() * 255].map(Math.floor)
  const noiseFrom = Math.floor(rand() * height * (1 - noise))
  const noiseTo = noiseFrom + Math.floor(height * noise)
  // Whole-word writes and an integer generator: a 2 MB picture takes milliseconds, not seconds.
  let x32 = (seed * 2654435761) >>> 0 || 1
  for (let y = 0; y < height; y++) {
    const row = y * width
    if (y >= noiseFrom && y < noiseTo) {
      for (let x = 0; x < width; x++) {
        x32 ^= x32 << 13
        x32 ^= x32 >>> 17
        x32 ^= x32 << 5
        words[row + x] = (x32 | 0xff000000) >>> 0
      }
      continue
    }
    const shade = Math.floor(240 - (y * 16) / height)
    words.fill(rgba(shade, 244, 248), row, row + width)
    if (y % rowH < rowH / 3) words.fill(rgba(bar[0], bar[1], (bar[2] + y) & 0xff), row + 24, row + width - 24)
  }
  return px
}

/** One pixel as a little-endian word: R in the lowest byte, as the RGBA bytes lie in memory. */
function rgba(r: number, g: number, b: number): number {
  return ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
