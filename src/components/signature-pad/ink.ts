// The pure half of the signature pad: stroke bookkeeping, smoothing and the PNG's base64; no Taro, no DOM.

/** The PNG's size: wide enough to read a name, small enough (~10–30 KB) to upload on a weak signal. */
export const PAD_WIDTH = 600
export const PAD_HEIGHT = 300
export const INK_COLOR = '#111111'
export const INK_WIDTH = 5
/** Less ink than this (in PNG pixels) is a tap or a smudge, not a signature. */
export const MIN_INK_LENGTH = 40

export interface Point {
  x: number
  y: number
}

/** The drawing calls a stroke needs; CanvasRenderingContext2D on H5 and weapp's 2d context both have them. */
export interface InkContext {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  lineCap: string
  lineJoin: string
  fillRect(x: number, y: number, w: number, h: number): void
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void
  arc(x: number, y: number, r: number, start: number, end: number): void
  fill(): void
  stroke(): void
}

/** White paper: the PNG has no transparency, so it prints and shows the same everywhere. */
export function clearInk(ctx: InkContext): void {
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, PAD_WIDTH, PAD_HEIGHT)
}

/**
 * Tracks the pen and draws as it moves: each move draws a curve from the previous midpoint through the previous
 * point, which smooths the corners of sampled touch positions.
 */
export class Ink {
  private last: Point | null = null
  private lastMid: Point | null = null
  /** Total ink drawn since the last clear, in PNG pixels. */
  length = 0

  constructor(private readonly ctx: InkContext) {}

  clear(): void {
    clearInk(this.ctx)
    this.last = null
    this.lastMid = null
    this.length = 0
  }

  down(p: Point): void {
    this.last = p
    this.lastMid = p
    // A dot, so a tap shows where the pen touched.
    this.ctx.fillStyle = INK_COLOR
    this.ctx.beginPath()
    this.ctx.arc(p.x, p.y, INK_WIDTH / 2, 0, Math.PI * 2)
    this.ctx.fill()
  }

  move(p: Point): void {
    const { last, lastMid } = this
    if (!last || !lastMid) return
    const mid = { x: (last.x + p.x) / 2, y: (last.y + p.y) / 2 }
    const ctx = this.ctx
    ctx.strokeStyle = INK_COLOR
    ctx.lineWidth = INK_WIDTH
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.beginPath()
    ctx.moveTo(lastMid.x, lastMid.y)
    ctx.quadraticCurveTo(last.x, last.y, mid.x, mid.y)
    ctx.stroke()
    this.length += Math.hypot(p.x - last.x, p.y - last.y)
    this.last = p
    this.lastMid = mid
  }

  up(): void {
    const { last, lastMid } = this
    if (last && lastMid) {
      this.ctx.beginPath()
      this.ctx.moveTo(lastMid.x, lastMid.y)
      this.ctx.lineTo(last.x, last.y)
      this.ctx.stroke()
    }
    this.last = null
    this.lastMid = null
  }

  get drawing(): boolean {
    return this.last !== null
  }

  get empty(): boolean {
    return this.length < MIN_INK_LENGTH
  }
}

/** A point on the screen (CSS pixels inside the element) to PNG pixels. */
export function toPad(x: number, y: number, cssWidth: number, cssHeight: number): Point {
  const sx = cssWidth > 0 ? PAD_WIDTH / cssWidth : 1
  const sy = cssHeight > 0 ? PAD_HEIGHT / cssHeight : 1
  return { x: Math.max(0, Math.min(PAD_WIDTH, x * sx)), y: Math.max(0, Math.min(PAD_HEIGHT, y * sy)) }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 with padding (btoa is missing on weapp, and Taro.arrayBufferToBase64 is deprecated). */
export function bytesToBase64(buf: ArrayBuffer | Uint8Array): string {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf)
  let out = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
    out += i + 1 < b.length ? B64[(n >> 6) & 63] : '='
    out += i + 2 < b.length ? B64[n & 63] : '='
  }
  return out
}

export function pngDataUrl(bytes: ArrayBuffer | Uint8Array): string {
  return `data:image/png;base64,${bytesToBase64(bytes)}`
}
