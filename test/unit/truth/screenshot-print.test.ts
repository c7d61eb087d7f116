// The reused-screenshot detector on generated 国家反诈中心 screens: residents' genuine screenshots share one layout
// and must never be called the same; one screenshot re-encoded, resized, cropped or with another status bar must be.
import {
  isReusedScreenshot,
  printDistance,
  REUSED_SCREENSHOT_MAX_DISTANCE,
  screenshotPrint,
} from '../../../server/src/truth/screenshot-print'
import {
  otherScreenPng,
  PHONES,
  registeredScreenPng,
  type Resident,
  type Reuse,
  reusedCopy,
  STATUS_A,
  STATUS_B,
} from '../../helpers/anti-fraud-screens'

jest.setTimeout(180_000)

// Twelve residents of one village. Hard cases on purpose: two 王秀英 (same name and village, other phone and date),
// two registered the same minute, phones sharing the prefix or the suffix.
const RESIDENTS: Resident[] = [
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
const REUSES: Reuse[] = [
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

interface Shot {
  resident: number
  label: string
  print: string
}

const shots: Shot[] = []
const others: string[] = []
let printMs = 0

beforeAll(async () => {
  const timed = async (bytes: Buffer) => {
    const t0 = performance.now()
    const print = await screenshotPrint(bytes)
    printMs += performance.now() - t0
    return print
  }
  for (const [resident, r] of RESIDENTS.entries()) {
    const phone = PHONES[resident % PHONES.length]
    const original = await registeredScreenPng(r, STATUS_A, phone)
    const otherStatus = await registeredScreenPng(r, STATUS_B, phone)
    shots.push({ resident, label: 'original', print: await timed(original) })
    for (const reuse of REUSES)
      shots.push({ resident, label: reuse.label, print: await timed(await reusedCopy(reuse.status ? otherStatus : original, reuse)) })
  }
  for (const kind of ['chat', 'settings', 'article'] as const) others.push(await screenshotPrint(await otherScreenPng(kind, PHONES[0])))
})

it('matches every reuse of a screenshot and never two residents of the same layout', () => {
  let truePositive = 0
  let falseNegative = 0
  let falsePositive = 0
  let trueNegative = 0
  const distances = { same: [] as number[], different: [] as number[] }
  const misses: string[] = []
  const t0 = performance.now()
  // Every pair of one resident's copies; of different residents' copies, every fourth pair (cost: ~2 ms each).
  for (let i = 0; i < shots.length; i++)
    for (let j = i + 1; j < shots.length; j++) {
      const [a, b] = [shots[i], shots[j]]
      const same = a.resident === b.resident
      if (!same && (i + j) % 4 !== 0) continue
      const distance = printDistance(a.print, b.print)
      const reused = distance <= REUSED_SCREENSHOT_MAX_DISTANCE
      distances[same ? 'same' : 'different'].push(distance)
      if (same && reused) truePositive++
      else if (same) {
        falseNegative++
        misses.push(`missed ${RESIDENTS[a.resident].name}: ${a.label} vs ${b.label} (${distance.toFixed(1)})`)
      } else if (reused) {
        falsePositive++
        misses.push(`FALSE FLAG ${RESIDENTS[a.resident].name}/${RESIDENTS[b.resident].name} ${a.label} vs ${b.label} (${distance.toFixed(1)})`)
      } else trueNegative++
    }
  const comparisons = truePositive + falseNegative + falsePositive + trueNegative
  const compareMs = (performance.now() - t0) / comparisons
  const precision = truePositive / (truePositive + falsePositive)
  const recall = truePositive / (truePositive + falseNegative)
  const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.floor(q * (xs.length - 1))]
  console.log(
    [
      `reused-screenshot detector: ${shots.length} screenshots of ${RESIDENTS.length} residents, ${comparisons} pairs`,
      `  reused pairs ${truePositive + falseNegative}: recall ${recall.toFixed(4)} (${falseNegative} missed)`,
      `  different residents' pairs ${falsePositive + trueNegative}: precision ${precision.toFixed(4)} (${falsePositive} false flags)`,
      `  distance, threshold ${REUSED_SCREENSHOT_MAX_DISTANCE}: reused max ${Math.max(...distances.same).toFixed(1)} ` +
        `(p95 ${quantile(distances.same, 0.95).toFixed(1)}); different residents min ${Math.min(...distances.different).toFixed(1)} ` +
        `(p5 ${quantile(distances.different, 0.05).toFixed(1)})`,
      `  ${(printMs / shots.length).toFixed(1)} ms per print, ${(compareMs * 1000).toFixed(0)} µs per comparison`,
      `  print length ${Math.min(...shots.map((s) => s.print.length))}–${Math.max(...shots.map((s) => s.print.length))} characters`,
      ...misses.slice(0, 20),
    ].join('\n'),
  )
  expect(falsePositive).toBe(0)
  expect(recall).toBeGreaterThanOrEqual(0.95)
})

it('flags exactly the pairs within the threshold, and the same print always', () => {
  const [a, b, c] = [shots[0], shots[1], shots[15]]
  expect(isReusedScreenshot(a.print, a.print)).toBe(true)
  expect(printDistance(a.print, a.print)).toBe(0)
  expect(isReusedScreenshot(a.print, b.print)).toBe(printDistance(a.print, b.print) <= REUSED_SCREENSHOT_MAX_DISTANCE)
  expect(isReusedScreenshot(a.print, c.print)).toBe(false) // resident 0 and resident 1 (the other 王秀英)
})

it('never matches a screen of another layout', () => {
  for (const other of others) for (const shot of shots) expect(isReusedScreenshot(other, shot.print)).toBe(false)
})
