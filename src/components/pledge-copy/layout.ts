// The resident's copy (居民留存联) as a picture: a pure layout of text, lines and the signature, then a painter
// that runs it on any 2d canvas context (H5 <canvas> or weapp Canvas 2d). No Taro, no DOM.
import { formatChinaTime } from '@core/china-time'

export interface CopyData {
  title: string
  content: string
  doorplate: string
  signerName: string
  /** Epoch ms. */
  signedAt: number
  verificationCode: string
}

export interface CopyLabels {
  heading: string
  duplicate: string
  doorplate: string
  signer: string
  signature: string
  signedAt: string
  code: string
  note: string
}

type TextOp = { kind: 'text'; text: string; x: number; y: number; font: string; color: string; align: 'left' | 'center' | 'right' }
type LineOp = { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number }
type ImageOp = { kind: 'image'; x: number; y: number; w: number; h: number }
export type CopyOp = TextOp | LineOp | ImageOp

export interface CopyLayout {
  width: number
  height: number
  ops: CopyOp[]
}

export type Measure = (text: string, font: string) => number

export const COPY_WIDTH = 750
const PAD = 48
const FAMILY = "'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px ${FAMILY}`
const INK = '#1a1a1a'
const MUTED = '#555555'
const RED = '#b71c1c'
/** The signature keeps the pad's 2:1 shape. */
const SIG_W = 320
const SIG_H = 160

/** Closing punctuation never starts a line; it stays on the line before even if that runs a little long. */
const NO_LINE_START = '，。、；：！？）」』”’》,.;:!?)'

/** Wraps each paragraph of `text` to `maxWidth`, character by character (Chinese has no spaces to break at). */
export function wrapText(text: string, maxWidth: number, fontSpec: string, measure: Measure): string[] {
  const lines: string[] = []
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = ''
    for (const ch of Array.from(para)) {
      if (line && measure(line + ch, fontSpec) > maxWidth && !NO_LINE_START.includes(ch)) {
        lines.push(line)
        line = ch
      } else {
        line += ch
      }
    }
    lines.push(line)
  }
  return lines
}

export function layoutCopy(d: CopyData, labels: CopyLabels, measure: Measure, width = COPY_WIDTH): CopyLayout {
  const ops: CopyOp[] = []
  const inner = width - PAD * 2
  let y = PAD

  const text = (t: string, px: number, opts: { bold?: boolean; color?: string; align?: TextOp['align']; lineHeight?: number } = {}) => {
    const f = font(px, opts.bold)
    const lh = opts.lineHeight ?? Math.round(px * 1.8)
    const align = opts.align ?? 'left'
    const x = align === 'center' ? width / 2 : align === 'right' ? width - PAD : PAD
    for (const line of wrapText(t, inner, f, measure)) {
      // y is the baseline: a line's box is lh high with the glyphs centred in it.
      ops.push({ kind: 'text', text: line, x, y: y + Math.round(lh / 2 + px * 0.35), font: f, color: opts.color ?? INK, align })
      y += lh
    }
  }
  const rule = (color = '#cccccc', w = 2) => {
    ops.push({ kind: 'line', x1: PAD, y1: y, x2: width - PAD, y2: y, color, width: w })
  }

  ops.push({ kind: 'text', text: labels.heading, x: PAD, y: y + 34, font: font(30, true), color: RED, align: 'left' })
  ops.push({ kind: 'text', text: labels.duplicate, x: width - PAD, y: y + 34, font: font(24), color: MUTED, align: 'right' })
  y += 56
  rule(RED, 3)
  y += 24
  text(d.title, 38, { bold: true, align: 'center', lineHeight: 58 })
  y += 12
  text(d.content, 30)
  y += 20
  rule()
  y += 16
  text(`${labels.doorplate}：${d.doorplate}`, 28)
  text(`${labels.signer}：${d.signerName}`, 28)
  text(`${labels.signature}：`, 28)
  ops.push({ kind: 'image', x: PAD, y, w: SIG_W, h: SIG_H })
  ops.push({ kind: 'line', x1: PAD, y1: y + SIG_H, x2: PAD + SIG_W, y2: y + SIG_H, color: '#999999', width: 1 })
  y += SIG_H + 16
  text(`${labels.signedAt}：${formatChinaTime(d.signedAt)}`, 28)
  text(`${labels.code}：${d.verificationCode}`, 34, { bold: true, color: RED })
  y += 8
  rule()
  y += 12
  text(labels.note, 24, { color: MUTED, lineHeight: 40 })
  y += PAD - 12
  return { width, height: Math.ceil(y), ops }
}

/** What painting needs from a 2d context; both platforms' contexts have it. */
export interface PaintContext {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  stroke(): void
  drawImage(img: never, x: number, y: number, w: number, h: number): void
}

/** Paints a layout onto white; `signature` is a loaded image (or null to leave the signature box empty). */
export function paintCopy(ctx: PaintContext, layout: CopyLayout, signature: unknown | null): void {
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, layout.width, layout.height)
  ctx.textBaseline = 'alphabetic'
  for (const op of layout.ops) {
    if (op.kind === 'text') {
      ctx.font = op.font
      ctx.fillStyle = op.color
      ctx.textAlign = op.align
      ctx.fillText(op.text, op.x, op.y)
    } else if (op.kind === 'line') {
      ctx.strokeStyle = op.color
      ctx.lineWidth = op.width
      ctx.beginPath()
      ctx.moveTo(op.x1, op.y1)
      ctx.lineTo(op.x2, op.y2)
      ctx.stroke()
    } else if (signature) {
      ctx.drawImage(signature as never, op.x, op.y, op.w, op.h)
    }
  }
}
