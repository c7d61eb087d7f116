// Reused-screenshot detector (issue 11). Every resident's 国家反诈中心 screenshot shares one layout, so a whole-image
// perceptual hash calls them all alike. Instead the print is a blurred grayscale grid (96 cells across) of the screen
// below the status bar, fine enough to tell text lines apart; two prints are aligned (scale and shift, for crops and resizes) and judged
// by the region that differs MOST after alignment. A reused screenshot differs nowhere beyond re-encoding noise; a
// different resident's differs strongly where the name, phone and dates are, however alike the rest is.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { loadSharp } from '../libs/heavy-libraries'

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
  const sharp = await loadSharp()
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

// Jest runs modules in a vm context, where every read of a global (Math, Infinity) goes through the sandbox's
// interceptor and keeps the hot loops below from being optimised: they were ~40× slower there than under node.
// They read these module constants instead.
const { abs, floor, min } = Math
const NO_MATCH = Number.POSITIVE_INFINITY

/** What alignment reads of a grid, derived once per grid (a village's prints are compared many times each). */
interface Profiles {
  rows: Float64Array
  halfRows: Float64Array
  columns: Float64Array
}

const profilesOf = new WeakMap<Grid, Profiles>()

function profiles(g: Grid): Profiles {
  let p = profilesOf.get(g)
  if (!p) {
    const rows = rowProfile(g)
    p = { rows, halfRows: halve(rows), columns: columnProfile(g) }
    profilesOf.set(g, p)
  }
  return p
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

function halve(p: Float64Array): Float64Array {
  const out = new Float64Array(floor(p.length / 2))
  for (let i = 0; i < out.length; i++) out[i] = (p[2 * i] + p[2 * i + 1]) / 2
  return out
}

/**
 * Mean |b(i) − a(s·i + shift)| (a linearly interpolated) over the b entries that land inside a; Infinity when under
 * 70 % of b overlaps. Gives up, returning Infinity, once the mean can no longer come under `beat`.
 */
function profileMismatch(a: Float64Array, b: Float64Array, s: number, shift: number, beat: number): number {
  const last = a.length - 1
  // The mean is at least sum/b.length; the margin keeps rounding from ever giving up on a mean just under `beat`.
  const bound = beat * b.length * (1 + 1e-9)
  let sum = 0
  let n = 0
  for (let i = 0; i < b.length; i++) {
    const t = s * i + shift
    if (t < 0 || t > last) continue
    const k = floor(t)
    const f = t - k
    const at = k < last ? a[k] * (1 - f) + a[k + 1] * f : a[k]
    sum += abs(b[i] - at)
    n++
    if (sum >= bound) return NO_MATCH
  }
  return n < b.length * 0.7 ? NO_MATCH : sum / n
}

const SCALES = { min: 0.86, max: 1.16 }
/** B's first content row may start up to this share of A's height away (top crops, status-bar cut of another height). */
const MAX_SHIFT_SHARE = 0.12

interface Best1d {
  s: number
  shift: number
  cost: number
}

function best1d(a: Float64Array, b: Float64Array, scales: number[], shifts: number[]): Best1d {
  let best: Best1d = { s: 1, shift: 0, cost: NO_MATCH }
  for (const s of scales)
    for (const shift of shifts) {
      const cost = profileMismatch(a, b, s, shift, best.cost)
      if (cost < best.cost) best = { s, shift, cost }
    }
  return best
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let v = from; v <= to + 1e-9; v += step) out.push(v)
  return out
}

const COARSE_SCALES = range(SCALES.min, SCALES.max, 0.02)
const COLUMN_SHIFTS = range(-6, 6, 0.0625)

/** Scale and vertical shift from the row profiles (coarse, then fine), horizontal shift from the column profiles. */
function align(a: Grid, b: Grid): Alignment {
  const pa = profiles(a)
  const pb = profiles(b)
  const maxShift = Math.ceil(a.height * MAX_SHIFT_SHARE)
  // Coarse on profiles of half the length (pairs of rows averaged), in half-length units.
  const coarseHalf = best1d(pa.halfRows, pb.halfRows, COARSE_SCALES, range(-maxShift / 2, maxShift / 2, 0.5))
  const coarse = { s: coarseHalf.s, shift: coarseHalf.shift * 2 + (coarseHalf.s - 1) / 2 }
  const fine = best1d(
    pa.rows,
    pb.rows,
    range(coarse.s - 0.02, coarse.s + 0.02, 0.005),
    range(coarse.shift - 1, coarse.shift + 1, 0.25),
  )
  const finer = best1d(pa.rows, pb.rows, range(fine.s - 0.004, fine.s + 0.004, 0.001), range(fine.shift - 0.125, fine.shift + 0.125, 0.0625))
  const cols = best1d(pa.columns, pb.columns, [finer.s], COLUMN_SHIFTS)
  return { s: finer.s, dx: cols.shift, dy: finer.shift }
}

/** B's cells this far from its edges, and A's, are left out: a crop cuts them, and the blur smears the cut. */
const EDGE_CELLS = 2

/** B's cells x (or y) in [from, to) whose aligned place lies well inside A's `size` cells (one interval: s > 0). */
interface Span {
  from: number
  to: number
}

function insideSpan(bSize: number, aSize: number, s: number, shift: number): Span {
  let from = bSize
  let to = EDGE_CELLS
  for (let v = EDGE_CELLS; v < bSize - EDGE_CELLS; v++) {
    const t = s * v + shift
    if (t < EDGE_CELLS || t > aSize - 1 - EDGE_CELLS) continue
    if (v < from) from = v
    to = v + 1
  }
  return { from, to }
}

/**
 * Mean |B − A| over every third B cell (in both directions) whose aligned place lies well inside A; gives up,
 * returning Infinity, once it cannot come under `beat`. A's cells are interpolated bilinearly.
 */
function meanDifference(a: Grid, b: Grid, s: number, dx: number, dy: number, beat: number): number {
  const STEP = 3
  const xs = insideSpan(b.width, a.width, s, dx)
  const ys = insideSpan(b.height, a.height, s, dy)
  // The cells visited: those of the every-third lattice (from EDGE_CELLS) inside the spans.
  const firstX = EDGE_CELLS + Math.ceil(Math.max(0, xs.from - EDGE_CELLS) / STEP) * STEP
  const firstY = EDGE_CELLS + Math.ceil(Math.max(0, ys.from - EDGE_CELLS) / STEP) * STEP
  const nx = firstX < xs.to ? floor((xs.to - 1 - firstX) / STEP) + 1 : 0
  const ny = firstY < ys.to ? floor((ys.to - 1 - firstY) / STEP) + 1 : 0
  const n = nx * ny
  if (n === 0) return NO_MATCH
  const bound = beat * n * (1 + 1e-9)
  const ac = a.cells
  const bc = b.cells
  const aw = a.width
  let sum = 0
  for (let y = firstY; y < ys.to; y += STEP) {
    const ya = s * y + dy
    const yi = min(floor(ya), a.height - 2)
    const fy = ya - yi
    for (let x = firstX; x < xs.to; x += STEP) {
      const xa = s * x + dx
      const xi = min(floor(xa), aw - 2)
      const fx = xa - xi
      const i = yi * aw + xi
      const av = (ac[i] * (1 - fx) + ac[i + 1] * fx) * (1 - fy) + (ac[i + aw] * (1 - fx) + ac[i + aw + 1] * fx) * fy
      sum += abs(bc[y * b.width + x] - av)
    }
    if (sum >= bound) return NO_MATCH
  }
  return sum / n
}

const REFINE_ROUNDS = 2
const SHIFT_STEPS = [-0.25, -0.125, 0.125, 0.25]
const SCALE_STEPS = [-0.003, -0.002, -0.001, 0.001, 0.002, 0.003]

/** The profiles' alignment polished on the cells themselves: shift, then scale, twice (coordinate descent). */
function refine(a: Grid, b: Grid, start: Alignment): Alignment {
  let { s, dx, dy } = start
  let cost = meanDifference(a, b, s, dx, dy, NO_MATCH)
  for (let round = 0; round < REFINE_ROUNDS; round++) {
    const atDy = dy
    for (const d of SHIFT_STEPS) {
      const m = meanDifference(a, b, s, dx, atDy + d, cost)
      if (m < cost) [dy, cost] = [atDy + d, m]
    }
    const atDx = dx
    for (const d of SHIFT_STEPS) {
      const m = meanDifference(a, b, s, atDx + d, dy, cost)
      if (m < cost) [dx, cost] = [atDx + d, m]
    }
    const atS = s
    for (const d of SCALE_STEPS) {
      const m = meanDifference(a, b, atS + d, dx, dy, cost)
      if (m < cost) [s, cost] = [atS + d, m]
    }
  }
  return { s, dx, dy }
}

/** One row of |B − A| differences, kept between calls (no allocation per comparison). */
let rowAbove = new Float32Array(0)
let rowHere = new Float32Array(0)

/** The largest mean difference over any 2×2 window of B's cells inside A: the region that differs most. */
function worstRegion(a: Grid, b: Grid, al: Alignment): number {
  const xs = insideSpan(b.width, a.width, al.s, al.dx)
  const ys = insideSpan(b.height, a.height, al.s, al.dy)
  if (rowAbove.length < b.width) [rowAbove, rowHere] = [new Float32Array(b.width), new Float32Array(b.width)]
  const ac = a.cells
  const aw = a.width
  let worst = 0
  for (let y = ys.from; y < ys.to; y++) {
    const ya = al.s * y + al.dy
    const yi = min(floor(ya), a.height - 2)
    const fy = ya - yi
    for (let x = xs.from; x < xs.to; x++) {
      const xa = al.s * x + al.dx
      const xi = min(floor(xa), aw - 2)
      const fx = xa - xi
      const i = yi * aw + xi
      const av = (ac[i] * (1 - fx) + ac[i + 1] * fx) * (1 - fy) + (ac[i + aw] * (1 - fx) + ac[i + aw + 1] * fx) * fy
      rowHere[x] = abs(b.cells[y * b.width + x] - av) // stored as float32, as the windows are averaged
    }
    if (y > ys.from)
      for (let x = xs.from; x + 1 < xs.to; x++) {
        const m = (rowAbove[x] + rowAbove[x + 1] + rowHere[x] + rowHere[x + 1]) / 4
        if (m > worst) worst = m
      }
    ;[rowAbove, rowHere] = [rowHere, rowAbove]
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
 * Measured on the generated fixture set (bench/screenshot-print.ts, 12 residents × 15 copies):
 * reused copies lie at 0–22 (median ~12, p95 ~18: the most cropped, resized and re-encoded pairs), genuinely
 * different residents of the same layout at ≥ 18.3, other layouts at ≥ 90. 18 keeps every different resident
 * apart (a false flag costs an honest worker) and still catches ~96 % of reuses; the margin is thin, so the
 * flag is evidence for a reviewer, never a verdict.
 */
export const REUSED_SCREENSHOT_MAX_DISTANCE = 18

export function isReusedScreenshot(a: string, b: string): boolean {
  return printDistance(a, b) <= REUSED_SCREENSHOT_MAX_DISTANCE
}
