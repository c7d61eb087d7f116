// The county of bench/county-scale.ts: households, residents and field records (visits, pledges, hand-outs,
// installs, with corrections) generated in memory, then emitted in receive order as the rows ingest would have
// stored — records with canonical-JSON bodies and their SHA-256, and the derived rows and columns ingest keeps
// (pledges with duplicate_of, handout_items of effective hand-outs, record_media, media, households' visit and
// pledge summaries, residents' install dates). A model of what the dashboards must show is kept alongside.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { CHINA_OFFSET_MS, DAY_MS, WEEK_MS, chinaDate, chinaDayStart, chinaWeekStart, chinaYear } from '../src/core/china-time'
import { isCoveringOutcome } from '../src/core/coverage'
import { verificationCode } from '../src/core/hash'
import { canonicalJson } from '../src/core/schemas/record'
import { VISIT_OUTCOMES } from '../src/core/schemas/visit'
import * as names from '../server/src/seed/names'
import { createPrng, type Prng } from '../server/src/seed/prng'
import { makeJpeg } from '../test/helpers/images'
import { OUTCOME_WEIGHTS, visitBody } from './lib'
import type { Loader, Row } from './county-scale-load'

export interface Sizes {
  households: number
  residents: number
  records: number
  weeks: number
  screenshots: number
}

export interface Grid {
  id: string
  village_id: string
  town_id: string
  county_id: string
  villageName: string
}

export interface Catalog {
  campaignId: string
  template: { id: string; contentHash: string }
  materials: { id: string; needsReceipt: boolean }[]
}

const WEEK = WEEK_MS
const DAY = DAY_MS
const KIND = { visit: 0, pledge: 1, handout: 2, install: 3 } as const
const KIND_NAME = ['visit', 'pledge', 'handout', 'install'] as const
const STEP_NAMES = ['installed', 'real_name', 'warning_on'] as const
/** Household sizes averaging ≈2.45; the total is then nudged to the requested resident count. */
const HOUSEHOLD_SIZES: readonly (readonly [number, number])[] = [[1, 25], [2, 35], [3, 20], [4, 12], [5, 6], [6, 2]]
/** ≈60% of residents aged 16–60, as the campaign's target group. */
const AGE_BANDS: readonly (readonly [[number, number], number])[] = [[[0, 15], 14], [[16, 60], 61], [[61, 90], 25]]

/** China-time day number (days since 1970-01-01 in China) and back to its date. */
const chinaDay = (ms: number) => Math.round((chinaDayStart(ms) + CHINA_OFFSET_MS) / DAY)
const dayString = (day: number) => chinaDate(day * DAY - CHINA_OFFSET_MS)

export interface County {
  grids: Grid[]
  /** Per household: its grid, first resident index (residents of household h are resStart[h] … resStart[h+1]-1). */
  hhGrid: Int32Array
  hhId: string[]
  resStart: Int32Array
  resName: string[]
  resBirth: Int16Array
  resGender: Uint8Array
  year: number
}

/** Households spread over the grids (±20% per grid), residents per household, names and birth years. */
export function makeCounty(grids: Grid[], sizes: Sizes, now: number): County {
  const prng = createPrng(20261127)
  const year = chinaYear(now)
  const weights = grids.map(() => 0.8 + prng.next() * 0.4)
  const sum = weights.reduce((a, b) => a + b, 0)
  const perGrid = weights.map((w) => Math.floor((sizes.households * w) / sum))
  for (let left = sizes.households - perGrid.reduce((a, b) => a + b, 0), g = 0; left > 0; left--, g = (g + 1) % grids.length) perGrid[g]++
  const H = sizes.households
  const hhGrid = new Int32Array(H)
  const hhId: string[] = new Array(H)
  let h = 0
  grids.forEach((g, gi) => {
    for (let n = 1; n <= perGrid[gi]; n++, h++) {
      hhGrid[h] = gi
      hhId[h] = `${g.id}-h${String(n).padStart(4, '0')}`
    }
  })
  const size = Array.from({ length: H }, () => prng.weighted(HOUSEHOLD_SIZES))
  let total = size.reduce((a, b) => a + b, 0)
  while (total !== sizes.residents) {
    const i = prng.int(0, H - 1)
    if (total < sizes.residents && size[i] < 8) {
      size[i]++
      total++
    } else if (total > sizes.residents && size[i] > 1) {
      size[i]--
      total--
    }
  }
  const resStart = new Int32Array(H + 1)
  for (let i = 0; i < H; i++) resStart[i + 1] = resStart[i] + size[i]
  const resName: string[] = new Array(total)
  const resBirth = new Int16Array(total)
  const resGender = new Uint8Array(total)
  for (let i = 0; i < H; i++) {
    const family = names.surname(prng)
    for (let r = resStart[i]; r < resStart[i + 1]; r++) {
      const head = r === resStart[i]
      const [lo, hi] = prng.weighted(AGE_BANDS)
      const age = head ? prng.int(Math.max(20, lo), Math.max(20, hi)) : prng.int(lo, hi)
      const male = prng.chance(head ? 0.8 : 0.5)
      resGender[r] = male ? 1 : 0
      resBirth[r] = year - age
      resName[r] = names.personName(prng, male ? 'M' : 'F', year - age, head || prng.chance(0.6) ? family : undefined)
    }
  }
  return { grids, hhGrid, hhId, resStart, resName, resBirth, resGender, year }
}

const inTarget = (c: County, r: number) => c.year - c.resBirth[r] >= 16 && c.year - c.resBirth[r] <= 60

/** The records in receive (seq) order, as parallel arrays. */
export interface Plan {
  n: number
  kind: Uint8Array
  hh: Int32Array
  /** Resident: the signer (pledge), recipient (hand-out) or installer (install); -1 when none. */
  res: Int32Array
  recv: Float64Array
  visited: Float64Array
  created: Float64Array
  outcome: Uint8Array
  /** Install: steps done (1–3) and screenshots; `special` marks the exported town's roster week. */
  steps: Uint8Array
  special: Uint8Array
  replaces: Int32Array
  supersededBy: Int32Array
  weekStart: number
  exportWeek: { from: string; to: string; monday: number }
  campaignStart: string
  /** The town whose roster is exported, and how many screenshots it holds. */
  exportTown: string
  screenshots: number
}

interface Draft {
  kind: number[]
  hh: number[]
  res: number[]
  recv: number[]
  visited: number[]
  created: number[]
  outcome: number[]
  steps: number[]
  special: number[]
  repl: number[]
}

function delayBeforeReceipt(prng: Prng): number {
  const r = prng.next()
  if (r < 0.6) return prng.int(60, 2 * 3600) * 1000
  if (r < 0.9) return prng.int(2 * 3600, 86_400) * 1000
  return prng.int(86_400, 3 * 86_400) * 1000
}

/** Visits 74%, pledges 11%, installs 10%, hand-outs 5%; corrections 1% of visits and installs, 0.5% of the rest. */
export function makePlan(c: County, sizes: Sizes, now: number, exportTown: string): Plan {
  const prng = createPrng(3_000_000)
  const weekStart = chinaWeekStart(now)
  const firstMonday = weekStart - (sizes.weeks - 1) * WEEK
  const exportMonday = weekStart - WEEK
  const H = c.hhId.length
  const d: Draft = { kind: [], hh: [], res: [], recv: [], visited: [], created: [], outcome: [], steps: [], special: [], repl: [] }
  const push = (kind: number, hh: number, res: number, recv: number, visited: number, outcome = 0, steps = 0, special = 0, repl = -1) => {
    d.kind.push(kind)
    d.hh.push(hh)
    d.res.push(res)
    d.recv.push(recv)
    d.visited.push(visited)
    d.created.push(Math.min(recv, visited + prng.int(5, 180) * 1000))
    d.outcome.push(outcome)
    d.steps.push(steps)
    d.special.push(special)
    d.repl.push(repl)
  }
  const receiveTime = (avoidExportWeek = false) => {
    for (;;) {
      const week = prng.int(0, sizes.weeks - 1)
      if (avoidExportWeek && week === 1) continue
      const from = week === 0 ? weekStart : weekStart - week * WEEK
      const to = week === 0 ? now : from + WEEK
      return Math.floor(from + prng.next() * (to - from))
    }
  }
  // 6% of households never visited, 4% never found at home.
  const profile = new Uint8Array(H).map(() => (prng.chance(0.06) ? 0 : prng.chance(0.04 / 0.94) ? 1 : 2))
  const reached = [...profile.keys()].filter((h) => profile[h] === 2)
  const visitable = [...profile.keys()].filter((h) => profile[h] !== 0)
  const adults = (h: number) => {
    const out: number[] = []
    for (let r = c.resStart[h]; r < c.resStart[h + 1]; r++) if (c.year - c.resBirth[r] >= 16) out.push(r)
    return out.length ? out : [c.resStart[h]]
  }

  const counts = { install: Math.round(sizes.records * 0.1), pledge: Math.round(sizes.records * 0.11), handout: Math.round(sizes.records * 0.05) }
  const visits = sizes.records - counts.install - counts.pledge - counts.handout
  const fixes = { visit: Math.round(visits * 0.01), install: Math.round(counts.install * 0.01), pledge: Math.round(counts.pledge * 0.005), handout: Math.round(counts.handout * 0.005) }

  for (let k = 0; k < visits - fixes.visit; k++) {
    const h = visitable[prng.int(0, visitable.length - 1)]
    const recv = receiveTime()
    push(KIND.visit, h, -1, recv, recv - delayBeforeReceipt(prng), VISIT_OUTCOMES.indexOf(profile[h] === 1 ? 'not_home' : prng.weighted(OUTCOME_WEIGHTS)))
  }
  for (let k = 0; k < counts.pledge - fixes.pledge; k++) {
    const h = reached[prng.int(0, reached.length - 1)]
    const recv = receiveTime()
    push(KIND.pledge, h, prng.chance(0.75) ? c.resStart[h] : prng.pick(adults(h)), recv, recv - delayBeforeReceipt(prng))
  }
  for (let k = 0; k < counts.handout - fixes.handout; k++) {
    const h = reached[prng.int(0, reached.length - 1)]
    const recv = receiveTime()
    push(KIND.handout, h, c.resStart[h], recv, recv - delayBeforeReceipt(prng))
  }
  planInstalls(c, sizes, prng, push, receiveTime, counts.install - fixes.install, exportTown, exportMonday, now)

  // Corrections of distinct originals (never of the exported roster week's installs, whose screenshot count is exact).
  const originals = d.kind.length
  const corrected = new Set<number>()
  for (const [kind, count] of [[KIND.visit, fixes.visit], [KIND.install, fixes.install], [KIND.pledge, fixes.pledge], [KIND.handout, fixes.handout]] as const) {
    for (let made = 0; made < count; ) {
      const o = prng.int(0, originals - 1)
      if (d.kind[o] !== kind || d.special[o] || corrected.has(o)) continue
      corrected.add(o)
      made++
      const recv = Math.min(now, d.recv[o] + prng.int(600, 2 * 86_400) * 1000)
      const outcome = kind === KIND.visit ? VISIT_OUTCOMES.indexOf(profile[d.hh[o]] === 1 ? 'not_home' : prng.weighted(OUTCOME_WEIGHTS)) : 0
      // An install correction completes the steps, dated as the original (so no date moves into another week).
      push(kind, d.hh[o], d.res[o], recv, kind === KIND.install ? d.visited[o] : d.visited[o], outcome, kind === KIND.install ? 3 : 0, 0, o)
    }
  }
  return toSeqOrder(d, {
    weekStart,
    exportWeek: { from: dayString(chinaDay(exportMonday)), to: dayString(chinaDay(exportMonday) + 6), monday: exportMonday },
    campaignStart: dayString(chinaDay(firstMonday)),
    exportTown,
    screenshots: sizes.screenshots,
  })
}

type Push = (kind: number, hh: number, res: number, recv: number, visited: number, outcome?: number, steps?: number, special?: number, repl?: number) => void

/**
 * One install per resident aged 16–60. The exported town's roster week gets exactly `sizes.screenshots`
 * screenshots (three per resident, all steps dated that week); the town's other installs are dated outside it.
 */
function planInstalls(c: County, sizes: Sizes, prng: Prng, push: Push, receiveTime: (avoid?: boolean) => number, count: number, exportTown: string, exportMonday: number, now: number) {
  const targets: number[] = []
  const townTargets: number[] = []
  for (let h = 0; h < c.hhId.length; h++) {
    const inTown = c.grids[c.hhGrid[h]].town_id === exportTown
    for (let r = c.resStart[h]; r < c.resStart[h + 1]; r++) if (inTarget(c, r)) (inTown ? townTargets : targets).push(r)
  }
  const special = Math.ceil(sizes.screenshots / 3)
  if (special > townTargets.length / 2) throw new Error(`${sizes.screenshots} screenshots need ${special} installs in ${exportTown}, which has only ${townTargets.length} residents aged 16–60`)
  shuffle(prng, townTargets)
  const householdOf = residentHouseholds(c)
  const exportEnd = Math.min(now, exportMonday + WEEK)
  for (let i = 0; i < special; i++) {
    const r = townTargets[i]
    const recv = Math.floor(exportMonday + prng.next() * (exportEnd - exportMonday))
    const shots = i < special - 1 ? 3 : sizes.screenshots - 3 * (special - 1)
    push(KIND.install, householdOf[r], r, recv, Math.max(exportMonday, recv - delayBeforeReceipt(prng)), 0, 3, shots)
  }
  const rest = [...targets, ...townTargets.slice(special)]
  shuffle(prng, rest)
  const exportFrom = chinaDay(exportMonday)
  for (let i = 0; i < Math.min(count - special, rest.length); i++) {
    const r = rest[i]
    const inTown = c.grids[c.hhGrid[householdOf[r]]].town_id === exportTown
    const recv = receiveTime(inTown)
    let visited = recv - delayBeforeReceipt(prng)
    const day = chinaDay(visited)
    if (inTown && day >= exportFrom && day < exportFrom + 7) visited = recv
    const steps = prng.weighted([[3, 70], [2, 20], [1, 10]] as const)
    push(KIND.install, householdOf[r], r, recv, visited, 0, steps)
  }
}

function residentHouseholds(c: County): Int32Array {
  const out = new Int32Array(c.resName.length)
  for (let h = 0; h < c.hhId.length; h++) out.fill(h, c.resStart[h], c.resStart[h + 1])
  return out
}

function shuffle<T>(prng: Prng, a: T[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = prng.int(0, i)
    ;[a[i], a[j]] = [a[j], a[i]]
  }
}

function toSeqOrder(d: Draft, rest: Omit<Plan, 'n' | 'kind' | 'hh' | 'res' | 'recv' | 'visited' | 'created' | 'outcome' | 'steps' | 'special' | 'replaces' | 'supersededBy'>): Plan {
  const n = d.kind.length
  const recv = Float64Array.from(d.recv)
  const order = new Uint32Array(n).map((_, i) => i)
  order.sort((a, b) => recv[a] - recv[b] || a - b)
  const rank = new Int32Array(n)
  order.forEach((src, dst) => (rank[src] = dst))
  const plan: Plan = {
    n,
    kind: new Uint8Array(n),
    hh: new Int32Array(n),
    res: new Int32Array(n),
    recv: new Float64Array(n),
    visited: new Float64Array(n),
    created: new Float64Array(n),
    outcome: new Uint8Array(n),
    steps: new Uint8Array(n),
    special: new Uint8Array(n),
    replaces: new Int32Array(n).fill(-1),
    supersededBy: new Int32Array(n).fill(-1),
    ...rest,
  }
  for (let j = 0; j < n; j++) {
    const s = order[j]
    plan.kind[j] = d.kind[s]
    plan.hh[j] = d.hh[s]
    plan.res[j] = d.res[s]
    plan.recv[j] = d.recv[s]
    plan.visited[j] = d.visited[s]
    plan.created[j] = d.created[s]
    plan.outcome[j] = d.outcome[s]
    plan.steps[j] = d.steps[s]
    plan.special[j] = d.special[s]
    if (d.repl[s] >= 0) {
      plan.replaces[j] = rank[d.repl[s]]
      plan.supersededBy[rank[d.repl[s]]] = j
    }
  }
  return plan
}

// ---------------------------------------------------------------------------------------------------------
// Emitting rows

/** What the dashboards and the roster must show, from the generated data. */
export interface Model {
  covered: Uint8Array
  pledged: Uint8Array
  visitsThisWeek: Int32Array
  installed: Int32Array
  realName: Int32Array
  warningOn: Int32Array
  /** sha → blob file of the exported roster's screenshots. */
  files: Map<string, string>
  rosterRows: number
  mediaBytes: number
  /** Change numbers used by households and residents (the rev counter's value). */
  revs: number
}

const SALT = 0x5eed_cafe_b00
/** A UUIDv7 from the phone's creation time; the random part is unique per seq. */
function recordId(created: number, seq: number): string {
  const t = Math.floor(created).toString(16).padStart(12, '0')
  const r = (SALT + seq).toString(16).padStart(15, '0').slice(-15)
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${'89ab'[seq & 3]}${r.slice(3, 6)}-${r.slice(6)}${'0'.repeat(3)}`
}

const fakeSha = (key: string) => createHash('sha256').update(`county-bench:${key}`).digest('hex')

/** Emits every row through the loader in seq order and returns the model. Blob files go to `mediaDir`. */
export async function emitAll(c: County, plan: Plan, cat: Catalog, loader: Loader, mediaDir: string, now: number, progress: (msg: string) => void): Promise<Model> {
  const prng = createPrng(777)
  const H = c.hhId.length
  const R = c.resName.length
  const ids = (j: number) => recordId(plan.created[j], j)
  const visitCount = new Int32Array(H)
  const covered = new Uint8Array(H)
  const lastAt = new Float64Array(H).fill(NaN)
  const lastOutcome = new Int8Array(H).fill(-1)
  const visitsThisWeek = new Int32Array(H)
  const stepDay = [new Int32Array(R), new Int32Array(R), new Int32Array(R)]
  const pledgeState = new Map<string, { j: number; dup: boolean }[]>()
  const shots = new Map<number, string[]>() // install seq → its screenshot shas, for its correction
  const files = new Map<string, string>()
  const bases = Array.from({ length: 16 }, (_, i) => makeJpeg(200, 360, { seed: i + 1, noise: 0.25 }))
  let fileNo = 0
  let mediaBytes = 0
  const templateSha = cat.template

  const scopeOf = (h: number) => {
    const g = c.grids[c.hhGrid[h]]
    return [c.hhId[h], g.id, g.village_id, g.town_id, g.county_id] as const
  }
  const addMedia = (sha: string, mime: string, bytes: number, author: string, at: number) => {
    loader.add('media', [sha, bytes, mime, mime === 'image/png' ? 600 : 720, mime === 'image/png' ? 300 : 1600, author, at])
  }

  for (let j = 0; j < plan.n; j++) {
    const h = plan.hh[j]
    const scope = scopeOf(h)
    const g = c.grids[c.hhGrid[h]]
    const author = `u-${g.id}`
    const kind = KIND_NAME[plan.kind[j]]
    const id = ids(j)
    const o = plan.replaces[j]
    const effective = plan.supersededBy[j] < 0
    const r = plan.res[j]
    const created = plan.created[j]
    const recv = plan.recv[j]
    const media: string[] = []
    let body: unknown
    let occurred = Math.min(created, recv)

    if (kind === 'visit') {
      const outcome = VISIT_OUTCOMES[plan.outcome[j]]
      const b = visitBody(prng, outcome, plan.visited[j], residentIdsOf(c, h))
      if (outcome === 'met' && prng.chance(0.05)) {
        const sha = fakeSha(`photo-${j}`)
        media.push(sha)
        addMedia(sha, 'image/jpeg', prng.int(80_000, 200_000), author, recv)
      }
      body = media.length ? { ...b, photoShas: media } : b
      occurred = Math.min(plan.visited[j], recv)
      if (effective) {
        visitCount[h]++
        if (isCoveringOutcome(outcome)) covered[h] = 1
        lastAt[h] = occurred
        lastOutcome[h] = plan.outcome[j]
        if (recv >= plan.weekStart) visitsThisWeek[h]++
      }
    } else if (kind === 'pledge') {
      const sha = o >= 0 ? fakeSha(`sig-${o}`) : fakeSha(`sig-${j}`)
      if (o < 0) addMedia(sha, 'image/png', prng.int(8_000, 30_000), author, recv)
      media.push(sha)
      const signedAt = new Date(plan.visited[j]).toISOString()
      const residentId = `${c.hhId[h]}-r${r - c.resStart[h] + 1}`
      body = { templateId: templateSha.id, templateHash: templateSha.contentHash, signerName: c.resName[r], residentId, signatureSha: sha, signedAt, channel: prng.chance(0.1) ? 'resident_link' : 'worker_device' }
      const key = `r:${residentId}`
      const list = pledgeState.get(key) ?? []
      // As projectPledge: the first pledge of this signer still effective when this one arrives, else none.
      const first = list.find((p) => !p.dup && (plan.supersededBy[p.j] < 0 || plan.supersededBy[p.j] >= j))
      list.push({ j, dup: Boolean(first) })
      pledgeState.set(key, list)
      loader.add('pledges', [id, ...scope, cat.campaignId, templateSha.id, key, c.resName[r], Date.parse(signedAt), first ? ids(first.j) : null, verificationCode(id)])
    } else if (kind === 'handout') {
      // A correction hands out the same materials, one more of the first (the worker miscounted).
      const items = handoutItems(cat, o >= 0 ? o : j, o >= 0)
      const needsReceipt = items.some((i) => cat.materials.find((m) => m.id === i.materialId)!.needsReceipt)
      const sha = needsReceipt ? fakeSha(`receipt-${o >= 0 ? o : j}`) : null
      if (sha && o < 0) addMedia(sha, 'image/png', prng.int(8_000, 30_000), author, recv)
      if (sha) media.push(sha)
      body = { items, recipientName: c.resName[r], residentId: `${c.hhId[h]}-r1`, receiptSignatureSha: sha, handedAt: new Date(plan.visited[j]).toISOString() }
      if (effective) for (const it of items) loader.add('handout_items', [id, it.materialId, it.quantity, ...scope, sha ? 1 : 0])
    } else {
      const residentId = `${c.hhId[h]}-r${r - c.resStart[h] + 1}`
      const day = chinaDay(plan.visited[j])
      const steps = STEP_NAMES.slice(0, plan.steps[j]).map((step) => ({ step, doneOn: dayString(day) }))
      const own: string[] = []
      if (plan.special[j]) {
        for (let s = 0; s < plan.special[j]; s++, fileNo++) {
          const bytes = Buffer.concat([bases[fileNo % bases.length], Buffer.from(`county-bench-${fileNo}`)])
          const sha = createHash('sha256').update(bytes).digest('hex')
          const file = path.join(mediaDir, sha.slice(0, 2), sha.slice(2, 4), sha)
          fs.mkdirSync(path.dirname(file), { recursive: true })
          fs.writeFileSync(file, bytes)
          files.set(sha, file)
          mediaBytes += bytes.length
          addMedia(sha, 'image/jpeg', bytes.length, author, recv)
          own.push(sha)
        }
      } else {
        const before = o >= 0 ? shots.get(o)! : []
        own.push(...before)
        for (let s = before.length; s < plan.steps[j]; s++) {
          const sha = fakeSha(`shot-${j}-${s}`)
          addMedia(sha, 'image/jpeg', prng.int(60_000, 180_000), author, recv)
          own.push(sha)
        }
        if (plan.supersededBy[j] >= 0) shots.set(j, own)
        shots.delete(o)
      }
      media.push(...own)
      body = { residentId, steps, screenshotShas: own, notes: '' }
      if (effective) for (let s = 0; s < plan.steps[j]; s++) stepDay[s][r] = day + 1
    }

    const record = { id, kind, householdId: c.hhId[h], replaces: o >= 0 ? ids(o) : null, deviceId: `wx-${g.id}`, createdAt: new Date(created).toISOString(), body }
    const json = canonicalJson(record)
    loader.add('records', [
      j + 1, id, kind, ...scope, author, record.deviceId, record.replaces, effective ? null : ids(plan.supersededBy[j]), cat.campaignId,
      created, occurred, recv, kind === 'visit' ? VISIT_OUTCOMES[plan.outcome[j]] : null, json, createHash('sha256').update(json).digest('hex'), 0,
    ] satisfies Row)
    for (const sha of new Set(media)) loader.add('record_media', [id, sha, ...scope])
    if (j % 20_000 === 19_999) {
      await loader.drain()
      // SQLite's writes are synchronous: yield to the event loop now and then so Ctrl-C still cleans up.
      await new Promise((resolve) => setImmediate(resolve))
      if (j % 500_000 === 499_999) progress(`${(j + 1).toLocaleString('en-US')} records`)
    }
  }

  // Households and residents last: their summary columns are now known. Revs as seedDemoCounty + ingest leave them.
  const pledgers = new Uint8Array(H)
  for (const list of pledgeState.values()) if (list.some((p) => plan.supersededBy[p.j] < 0)) pledgers[plan.hh[list[0].j]]++
  const doorplates = new Map<string, names.DoorplateCursor>()
  let rev = 1
  for (let h = 0; h < H; h++) {
    const g = c.grids[c.hhGrid[h]]
    let cursor = doorplates.get(g.village_id)
    if (!cursor) doorplates.set(g.village_id, (cursor = (g.villageName.endsWith('社区') ? names.communityDoorplates : names.villageDoorplates)(prng, g.villageName)))
    loader.add('households', [
      c.hhId[h], g.id, g.village_id, g.town_id, g.county_id, cursor(), c.resName[c.resStart[h]], now - 120 * DAY, null, rev++,
      visitCount[h], covered[h], Number.isNaN(lastAt[h]) ? null : lastAt[h], lastOutcome[h] < 0 ? null : VISIT_OUTCOMES[lastOutcome[h]], pledgers[h],
    ])
    for (let r = c.resStart[h]; r < c.resStart[h + 1]; r++) {
      const age = c.year - c.resBirth[r]
      const tags = age >= 60 ? '["老年人"]' : age >= 6 && age <= 18 ? '["学生"]' : '[]'
      const phone = age >= 16 && prng.chance(age >= 75 ? 0.7 : 0.97) ? `13${String(r).padStart(9, '0')}` : null
      const date = (s: number) => (stepDay[s][r] ? dayString(stepDay[s][r] - 1) : null)
      loader.add('residents', [
        `${c.hhId[h]}-r${r - c.resStart[h] + 1}`, c.hhId[h], g.id, g.village_id, g.town_id, g.county_id, c.resName[r], c.resBirth[r],
        c.resGender[r] ? 'M' : 'F', phone, tags, null, rev++, date(0), date(1), date(2),
      ])
    }
    if (h % 20_000 === 19_999) await loader.drain()
  }
  await loader.finish()

  const rosterRows = plan.special.reduce((n, s) => n + (s > 0 ? 1 : 0), 0)
  return {
    covered,
    pledged: pledgers.map((p) => (p > 0 ? 1 : 0)),
    visitsThisWeek,
    installed: stepDay[0],
    realName: stepDay[1],
    warningOn: stepDay[2],
    files,
    rosterRows,
    mediaBytes,
    revs: rev - 1,
  }
}

function residentIdsOf(c: County, h: number): string[] {
  return Array.from({ length: c.resStart[h + 1] - c.resStart[h] }, (_, i) => `${c.hhId[h]}-r${i + 1}`)
}

/** One to three materials, one to three of each; the same for a record and its correction (`fix` adds one). */
function handoutItems(cat: Catalog, seed: number, fix: boolean): { materialId: string; quantity: number }[] {
  const prng = createPrng(seed + 1)
  const pool = [...cat.materials]
  shuffle(prng, pool)
  const items = pool.slice(0, prng.int(1, Math.min(3, pool.length))).map((m) => ({ materialId: m.id, quantity: prng.int(1, 3) }))
  if (fix) items[0].quantity++
  return items
}
