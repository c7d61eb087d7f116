// Scoring the reused-screenshot detector on generated 国家反诈中心 screens, shared by its unit test (a small set) and
// bench/screenshot-print.ts (the full set): residents' genuine screenshots share one layout and must never be
// called the same; one screenshot re-encoded, resized, cropped or with another status bar must be.
import { printDistance, REUSED_SCREENSHOT_MAX_DISTANCE, screenshotPrint } from '../../server/src/truth/screenshot-print'
import {
  otherScreenPng,
  PHONES,
  registeredScreenPng,
  type Resident,
  type Reuse,
  reusedCopy,
  STATUS_A,
  STATUS_B,
} from './anti-fraud-screens'

// Twelve residents of one village. Hard cases on purpose: two 王秀英 (same name and village, other phone and date),
// three registered the same minute, two a minute apart, phones sharing the prefix or the suffix.
export const VILLAGE_RESIDENTS: Resident[] = [
  { name: '王秀英', phone: '138****5678', registeredAt: '2026-11-03 10:22', region: '桃源镇·柳树村', reports: 0, lessons: 3 },
  { name: '王秀英', phone: '138****2091', registeredAt: '2026-11-05 09:14', region: '桃源镇·柳树村', reports: 0, lessons: 3 },
  { name: '李建国', phone: '139****1024', registeredAt: '2026-10-28 16:40', region: '桃源镇·柳树村', reports: 2, lessons: 5 },
  { name: '张伟', phone: '135****5678', registeredAt: '2026-11-03 10:22', region: '桃源镇·柳树村', reports: 0, lessons: 1 },
  { name: '刘桂兰', phone: '150****3366', registeredAt: '2026-11-03 10:22', region: '桃源镇·柳树村', reports: 1, lessons: 0 },
  { name: '陈明', phone: '186****7410', registeredAt: '2026-09-30 08:05', region: '桃源镇·杏花村', reports: 0, lessons: 2 },
  { name: '杨淑珍', phone: '137****8842', registeredAt: '2026-11-12 19:37', region: '桃源镇·柳树村', reports: 0, lessons: 4 },
  { name: '赵强', phone: '158****0007', registeredAt: '2026-11-12 19:38', region: '桃源镇·柳树村', reports: 3, lessons: 4 },
  { name: '黄丽', phone: '133****6120', registeredAt: '2026-10-01 12:00', region: '桃源镇·柳树村', reports: 0, lessons: 3 },
  { name: '周建华', phone: '138****5679', registeredAt: '2026-11-21 07:45', region: '桃源镇·柳树村', reports: 0, lessons: 6 },
  { name: '吴芳', phone: '189****2233', registeredAt: '2026-11-21 07:45', region: '桃源镇·柳树村', reports: 1, lessons: 1 },
  { name: '徐志强', phone: '131****9090', registeredAt: '2026-08-17 21:10', region: '桃源镇·杏花村', reports: 0, lessons: 2 },
]

// The ways one screenshot gets attached again: re-saved, re-compressed, resized, cropped, another status bar, mixed.
export const REUSES: Reuse[] = [
  { label: 'JPEG q90', jpeg: 90 },
  { label: 'JPEG q60', jpeg: 60 },
  { label: 'JPEG q40', jpeg: 40 },
  { label: 'resized 75 %', scale: 0.75 },
  { label: 'resized 50 %, JPEG q70', scale: 0.5, jpeg: 70 },
  { label: 'top 3 % cropped', crop: { top: 0.03 } },
  { label: 'bottom 5 % cropped', crop: { bottom: 0.05 } },
  { label: 'left 2 % right 3 % cropped', crop: { left: 0.02, right: 0.03 } },
  { label: 'every edge 2 % cropped, JPEG q60', crop: { left: 0.02, top: 0.02, right: 0.02, bottom: 0.02 }, jpeg: 60 },
  { label: 'other status bar', status: STATUS_B },
  { label: 'other status bar, resized 80 %, JPEG q50', status: STATUS_B, scale: 0.8, jpeg: 50 },
  { label: 'left 5 % cropped, resized 60 %, JPEG q40', crop: { left: 0.05 }, scale: 0.6, jpeg: 40 },
  { label: 'top 5 % right 4 % cropped, JPEG q75', crop: { top: 0.05, right: 0.04 }, jpeg: 75 },
  { label: 'other status bar, left 3 % bottom 4 % cropped, resized 90 %, JPEG q85', status: STATUS_B, crop: { left: 0.03, bottom: 0.04 }, scale: 0.9, jpeg: 85 },
]

export interface Shot {
  resident: number
  label: string
  print: string
}

export interface PrintedSet {
  /** Each resident's original (on phone size resident % 3), then one copy per reuse. */
  shots: Shot[]
  /** Screens of other layouts: a chat, a settings page, an article. */
  others: string[]
  printMs: number
}

export async function printFixtures(residents: Resident[], reuses: Reuse[]): Promise<PrintedSet> {
  const shots: Shot[] = []
  let printMs = 0
  const timed = async (bytes: Buffer) => {
    const t0 = performance.now()
    const print = await screenshotPrint(bytes)
    printMs += performance.now() - t0
    return print
  }
  for (const [resident, r] of residents.entries()) {
    const phone = PHONES[resident % PHONES.length]
    const original = await registeredScreenPng(r, STATUS_A, phone)
    const otherStatus = await registeredScreenPng(r, STATUS_B, phone)
    shots.push({ resident, label: 'original', print: await timed(original) })
    for (const reuse of reuses)
      shots.push({ resident, label: reuse.label, print: await timed(await reusedCopy(reuse.status ? otherStatus : original, reuse)) })
  }
  const others: string[] = []
  for (const kind of ['chat', 'settings', 'article'] as const) others.push(await screenshotPrint(await otherScreenPng(kind, PHONES[0])))
  return { shots, others, printMs }
}

export interface Score {
  reusedPairs: number
  missed: number
  differentPairs: number
  falseFlags: number
  precision: number
  recall: number
  compareMs: number
  /** What to print: counts, precision, recall, distances, timing, then the misses and false flags. */
  report: string[]
}

/**
 * Compares every pair of one resident's copies, and the pairs of different residents' copies `crossPair` keeps
 * (by their indices in `set.shots`).
 */
export function scorePairs(set: PrintedSet, residents: Resident[], crossPair: (i: number, j: number) => boolean): Score {
  const { shots } = set
  const distances = { same: [] as number[], different: [] as number[] }
  const misses: string[] = []
  let caught = 0
  let falseFlags = 0
  const t0 = performance.now()
  for (let i = 0; i < shots.length; i++)
    for (let j = i + 1; j < shots.length; j++) {
      const [a, b] = [shots[i], shots[j]]
      const same = a.resident === b.resident
      if (!same && !crossPair(i, j)) continue
      const distance = printDistance(a.print, b.print)
      const reused = distance <= REUSED_SCREENSHOT_MAX_DISTANCE
      distances[same ? 'same' : 'different'].push(distance)
      const pair = `${a.label} vs ${b.label} (${distance.toFixed(1)})`
      if (same && reused) caught++
      else if (same) misses.push(`missed ${residents[a.resident].name}: ${pair}`)
      else if (reused) {
        falseFlags++
        misses.unshift(`FALSE FLAG ${residents[a.resident].name}/${residents[b.resident].name} ${pair}`)
      }
    }
  const reusedPairs = distances.same.length
  const differentPairs = distances.different.length
  const compareMs = (performance.now() - t0) / (reusedPairs + differentPairs)
  const precision = caught / (caught + falseFlags)
  const recall = caught / reusedPairs
  const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.floor(q * (xs.length - 1))]
  const report = [
    `reused-screenshot detector: ${shots.length} screenshots of ${residents.length} residents, ${reusedPairs + differentPairs} pairs`,
    `  reused pairs ${reusedPairs}: recall ${recall.toFixed(4)} (${reusedPairs - caught} missed)`,
    `  different residents' pairs ${differentPairs}: precision ${precision.toFixed(4)} (${falseFlags} false flags)`,
    `  distance, threshold ${REUSED_SCREENSHOT_MAX_DISTANCE}: reused max ${Math.max(...distances.same).toFixed(1)} ` +
      `(p95 ${quantile(distances.same, 0.95).toFixed(1)}); different residents min ${Math.min(...distances.different).toFixed(1)} ` +
      `(p5 ${quantile(distances.different, 0.05).toFixed(1)})`,
    `  ${(set.printMs / shots.length).toFixed(1)} ms per print, ${(compareMs * 1000).toFixed(0)} µs per comparison`,
    `  print length ${Math.min(...shots.map((s) => s.print.length))}–${Math.max(...shots.map((s) => s.print.length))} characters`,
    ...misses.slice(0, 20),
  ]
  return { reusedPairs, missed: reusedPairs - caught, differentPairs, falseFlags, precision, recall, compareMs, report }
}

/** The smallest distance between a screen of another layout and any of the shots. */
export function closestOtherLayout(set: PrintedSet): number {
  return Math.min(...set.others.flatMap((other) => set.shots.map((shot) => printDistance(other, shot.print))))
}
