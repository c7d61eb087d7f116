// Reused-screenshot detector (issue 11). Every resident's 国家反诈中心 screenshot shares one layout, so a whole-image
// perceptual hash calls them all alike. Instead the print is a blurred grayscale grid (96 cells across) of the screen
// below the status bar, fine enough to tell text lines apart; two prints are aligned (scale and shift, for crops and resizes) and judged
// by the region that differs MOST after alignment. A reused screenshot differs nowhere beyond re-encoding noise; a
// different resident's differs strongly where the name, phone and dates are, however alike the rest is.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import sharp from 'sharp'

/** Share of the height dropped at the top: the status bar (clock, battery, signal), which a reuse may change. */
const STATUS_BAR_SHARE = 0.06
/** Grid cells across; rows follow the aspect ratio (square cells). */
const GRID_WIDTH = 96
const PRINT_VERSION = 'sp1'

export interface Grid {
  width: number
  height: number
  cells: Uint8Array
}

/**
 * A text print of a screenshot, for `media.print`: `sp1:<w>:<h>:<base64 of the deflated grid>`, 1.4–9.3 KB on the
 * fixtures (a coarser grid that would fit 1 KB could not tell different residents' names apart).
 */
export async function screenshotPrint(bytes: Buffer): Promise<string> {
  return encodePrint(await screenshotGrid(bytes))
}

export async function screenshotGrid(bytes: Buffer): Promise<Grid> {
  const image = sharp(bytes, { failOn: 'none' }).autoOrient()
  const { autoOrient } = await image.metadata()
  const top = Math.round(autoOrient.height * STATUS_BAR_SHARE)
  const contentHeight = autoOrient.height - top
  const height = Math.max(1, Math.round((GRID_WIDTH * contentHeight) / autoOrient.width))
  // Drawn 4× finer and blurred, then averaged per cell: each cell is a smooth function of position, so the grid
  // hardly depends on how the screenshot was resampled or re-encoded before.
  const fine = await image
    .extract({ left: 0, top, width: autoOrient.width, height: contentHeight })
    .resize(GRID_WIDTH * SUPERSAMPLE, height * SUPERSAMPLE, { fit: 'fill' })
    .blur(BLUR_SIGMA)
    .grayscale()
    .raw()
    .toBuffer()
  return { width: GRID_WIDTH, height, cells: averageBlocks(fine, GRID_WIDTH, height) }
}

const SUPERSAMPLE = 4
const BLUR_SIGMA = 3

function averageBlocks(fine: Buffer, width: number, height: number): Uint8Array {
  const cells = new Uint8Array(width * height)
  const fineWidth = width * SUPERSAMPLE
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let yy = 0; yy < SUPERSAMPLE; yy++)
        for (let xx = 0; xx < SUPERSAMPLE; xx++) sum += fine[(y * SUPERSAMPLE + yy) * fineWidth + x * SUPERSAMPLE + xx]
      cells[y * width + x] = Math.round(sum / (SUPERSAMPLE * SUPERSAMPLE))
    }
  return cells
}

/** Each cell stored as its difference from the cell to its left (mod 256): the blurred grid then deflates well. */
export function encodePrint(g: Grid): string {
  const delta = new Uint8Array(g.cells.length)
  for (let i = 0; i < g.cells.length; i++) delta[i] = (g.cells[i] - (i % g.width ? g.cells[i - 1] : 0)) & 255
  return `${PRINT_VERSION}:${g.width}:${g.height}:${deflateRawSync(delta, { level: 9 }).toString('base64')}`
}

function undelta(delta: Uint8Array, width: number): Uint8Array {
  const cells = new Uint8Array(delta.length)
  for (let i = 0; i < delta.length; i++) cells[i] = (delta[i] + (i % width ? cells[i - 1] : 0)) & 255
  return cells
}

const decoded = new Map<string, Grid>()
const DECODED_KEPT = 2_000

/** Decoded grids are kept (about 20 KB each), so comparing new prints against one village's stays cheap. */
export function decodePrint(print: string): Grid {
  const kept = decoded.get(print)
  if (kept) return kept
  const [version, w, h, body] = print.split(':')
  if (version !== PRINT_VERSION || !body) throw new Error(`not a screenshot print: ${print.slice(0, 20)}`)
  const width = Number(w)
  const grid = { width, height: Number(h), cells: undelta(new Uint8Array(inflateRawSync(Buffer.from(body, 'base64'))), width) }
  if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value as string)
  decoded.set(print, grid)
  return grid
}

/** Where B's cell (x, y) lies in A: (s·x + dx, s·y + dy), in cells. */
interface Alignment {
  s: number
  dx: number
  dy: number
}

function rowProfile(g: Grid): Float64Array {
  const p = new Float64Array(g.height)
  for (let y = 0; y < g.height; y++) {
    let sum = 0
    for (let x = 0; x < g.width; x++) sum += g.cells[y * g.width + x]
    p[y] = sum / g.width
  }
  return p
}

function columnProfile(g: Grid): Float64Array {
  const p = new Float64Array(g.width)
  for (let x = 0; x < g.width; x++) {
    let sum = 0
    for (let y = 0; y < g.height; y++) sum += g.cells[y * g.width + x]
    p[x] = sum / g.height
  }
  return p
}

function sample1d(p: Float64Array, t: number): number {
  const i = Math.floor(t)
  const f = t - i
  return i + 1 < p.length ? p[i] * (1 - f) + p[i + 1] * f : p[i]
}

/** Mean |b(i) − a(s·i + shift)| over the b entries that land inside a; Infinity when under 70 % of b overlaps. */
function profileMismatch(a: Float64Array, b: Float64Array, s: number, shift: number): number {
  let sum = 0
  let n = 0
  for (let i = 0; i < b.length; i++) {
    const t = s * i + shift
    if (t < 0 || t > a.length - 1) continue
    sum += Math.abs(b[i] - sample1d(a, t))
    n++
  }
  return n < b.length * 0.7 ? Infinity : sum / n
}

const SCALES = { min: 0.86, max: 1.16 }
/** B's first content row may start up to this share of A's height away (top crops, status-bar cut of another height). */
const MAX_SHIFT_SHARE = 0.12

function best1d(a: Float64Array, b: Float64Array, scales: number[], shifts: number[]): { s: number; shift: number; cost: number } {
  let best = { s: 1, shift: 0, cost: Infinity }
  for (const s of scales)
    for (const shift of shifts) {
      const cost = profileMismatch(a, b, s, shift)
      if (cost < best.cost) best = { s, shift, cost }
    }
  return best
}

function halve(p: Float64Array): Float64Array {
  const out = new Float64Array(Math.floor(p.length / 2))
  for (let i = 0; i < out.length; i++) out[i] = (p[2 * i] + p[2 * i + 1]) / 2
  return out
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let v = from; v <= to + 1e-9; v += step) out.push(v)
  return out
}

/** Scale and vertical shift from the row profiles (coarse, then fine), horizontal shift from the column profiles. */
function align(a: Grid, b: Grid): Alignment {
  const rowsA = rowProfile(a)
  const rowsB = rowProfile(b)
  const maxShift = Math.ceil(a.height * MAX_SHIFT_SHARE)
  // Coarse on profiles of half the length (pairs of rows averaged), in half-length units.
  const coarseHalf = best1d(halve(rowsA), halve(rowsB), range(SCALES.min, SCALES.max, 0.02), range(-maxShift / 2, maxShift / 2, 0.5))
  const coarse = { s: coarseHalf.s, shift: coarseHalf.shift * 2 + (coarseHalf.s - 1) / 2 }
  const fine = best1d(
    rowsA,
    rowsB,
    range(coarse.s - 0.02, coarse.s + 0.02, 0.005),
    range(coarse.shift - 1, coarse.shift + 1, 0.25),
  )
  const finer = best1d(rowsA, rowsB, range(fine.s - 0.004, fine.s + 0.004, 0.001), range(fine.shift - 0.125, fine.shift + 0.125, 0.0625))
  const cols = best1d(columnProfile(a), columnProfile(b), [finer.s], range(-6, 6, 0.0625))
  return { s: finer.s, dx: cols.shift, dy: finer.shift }
}

function sample2d(cells: Uint8Array | Float32Array, width: number, height: number, x: number, y: number): number {
  const xi = Math.min(Math.floor(x), width - 2)
  const yi = Math.min(Math.floor(y), height - 2)
  const fx = x - xi
  const fy = y - yi
  const i = yi * width + xi
  return (cells[i] * (1 - fx) + cells[i + 1] * fx) * (1 - fy) + (cells[i + width] * (1 - fx) + cells[i + width + 1] * fx) * fy
}

/** B's cells this far from its edges, and A's, are left out: a crop cuts them, and the blur smears the cut. */
const EDGE_CELLS = 2

/** Calls `visit(i, |B − A|)` for every B cell whose aligned place lies well inside A, visiting every `step`-th cell. */
function eachDifference(a: Grid, b: Grid, al: Alignment, step: number, visit: (i: number, d: number) => void): void {
  const lo = EDGE_CELLS
  for (let y = EDGE_CELLS; y < b.height - EDGE_CELLS; y += step) {
    const ya = al.s * y + al.dy
    if (ya < lo || ya > a.height - 1 - lo) continue
    for (let x = EDGE_CELLS; x < b.width - EDGE_CELLS; x += step) {
      const xa = al.s * x + al.dx
      if (xa < lo || xa > a.width - 1 - lo) continue
      const i = y * b.width + x
      visit(i, Math.abs(b.cells[i] - sample2d(a.cells, a.width, a.height, xa, ya)))
    }
  }
}

function meanDifference(a: Grid, b: Grid, al: Alignment): number {
  let sum = 0
  let n = 0
  eachDifference(a, b, al, 3, (_, d) => {
    sum += d
    n++
  })
  return n ? sum / n : Infinity
}

const REFINE_ROUNDS = 2

/** The profiles' alignment polished on the cells themselves: shift, then scale, twice (coordinate descent). */
function refine(a: Grid, b: Grid, start: Alignment): Alignment {
  let best = start
  let cost = meanDifference(a, b, best)
  const tryAll = (candidates: Alignment[]) => {
    for (const c of candidates) {
      const m = meanDifference(a, b, c)
      if (m < cost) [best, cost] = [c, m]
    }
  }
  for (let round = 0; round < REFINE_ROUNDS; round++) {
    const at = best
    tryAll([-0.25, -0.125, 0.125, 0.25].map((d) => ({ ...at, dy: at.dy + d })))
    const at2 = best
    tryAll([-0.25, -0.125, 0.125, 0.25].map((d) => ({ ...at2, dx: at2.dx + d })))
    const at3 = best
    tryAll([-0.003, -0.002, -0.001, 0.001, 0.002, 0.003].map((d) => ({ ...at3, s: at3.s + d })))
  }
  return best
}

/** The largest mean difference over any 2×2 window of B's cells: the region that differs most. */
function worstRegion(a: Grid, b: Grid, al: Alignment): number {
  const d = new Float32Array(b.width * b.height).fill(NaN)
  eachDifference(a, b, al, 1, (i, v) => {
    d[i] = v
  })
  const w = b.width
  let worst = 0
  for (let i = 0; i + w + 1 < d.length; i++) {
    const m = (d[i] + d[i + 1] + d[i + w] + d[i + w + 1]) / 4
    if (m > worst) worst = m // NaN (outside) never is
  }
  return worst
}

/**
 * How far apart two screenshots are: after aligning them (scale and shift), the mean gray-level difference (0–255)
 * of the 2×2-cell region that differs most.
 */
export function printDistance(a: string, b: string): number {
  if (a === b) return 0
  return gridDistance(decodePrint(a), decodePrint(b))
}

export function gridDistance(a: Grid, b: Grid): number {
  return worstRegion(a, b, refine(a, b, align(a, b)))
}

/**
 * Measured on the generated fixture set (test/unit/truth/screenshot-print.test.ts, 12 residents × 15 copies):
 * reused copies lie at 0–22 (median ~12, p95 ~18: the most cropped, resized and re-encoded pairs), genuinely
 * different residents of the same layout at ≥ 18.3, other layouts at ≥ 90. 18 keeps every different resident
 * apart (a false flag costs an honest worker) and still catches ~96 % of reuses; the margin is thin, so the
 * flag is evidence for a reviewer, never a verdict.
 */
export const REUSED_SCREENSHOT_MAX_DISTANCE = 18

export function isReusedScreenshot(a: string, b: string): boolean {
  return printDistance(a, b) <= REUSED_SCREENSHOT_MAX_DISTANCE
}
