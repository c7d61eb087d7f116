// The reused-screenshot detector on generated 国家反诈中心 screens: residents' genuine screenshots share one layout
// and must never be called the same; one screenshot re-encoded, resized, cropped or with another status bar must be.
// A smaller set than bench/screenshot-print.ts (12 residents × 15 copies) so that it fits the CI suite (~30 s).
import { isReusedScreenshot, printDistance, REUSED_SCREENSHOT_MAX_DISTANCE } from '../../../server/src/truth/screenshot-print'
import {
  closestOtherLayout,
  type PrintedSet,
  printFixtures,
  REUSES,
  scorePairs,
  VILLAGE_RESIDENTS,
} from '../../helpers/screenshot-reuse-eval'

jest.setTimeout(120_000)

// Eight of the village's twelve, in an order that keeps each on its phone size of the full set (index % 3), among
// them every pair that comes closest on the full set (张伟/黄丽 18.7, 赵强/吴芳 19.5, 张伟/吴芳, 黄丽/吴芳, the two 王秀英).
const RESIDENTS = [0, 1, 2, 3, 7, 8, 9, 10].map((i) => VILLAGE_RESIDENTS[i])
// Eleven of the fourteen reuses: the three mildest left out (each is part of a harder mix kept here).
const MILDEST = ['JPEG q60', 'resized 75 %', 'other status bar']
const REUSES_KEPT = REUSES.filter((r) => !MILDEST.includes(r.label))

let set: PrintedSet

beforeAll(async () => {
  set = await printFixtures(RESIDENTS, REUSES_KEPT)
})

it('matches nearly every reuse of a screenshot and never two residents of the same layout', () => {
  // Every pair of one resident's copies (528) and of different residents' copies (4,032).
  const score = scorePairs(set, RESIDENTS, () => true)
  console.log(score.report.join('\n'))
  expect(score.reusedPairs).toBe(528)
  expect(score.differentPairs).toBe(4032)
  // Measured 2026-11-30: no false flag (closest different residents 18.3, threshold 18); recall 0.9527 (25 of 528
  // missed, the 5 %-crop mixes at 18.2–21.9). The full set's recall is 0.9587 (bench/screenshot-print.ts); this
  // set holds the hard mixes in a larger share, so its recall sits closer to the 0.95 floor.
  expect(score.falseFlags).toBe(0)
  expect(score.recall).toBeGreaterThanOrEqual(0.95)
})

it('flags exactly the pairs within the threshold, and the same print always', () => {
  const copies = REUSES_KEPT.length + 1
  const [a, b, c] = [set.shots[0], set.shots[1], set.shots[copies]]
  expect(isReusedScreenshot(a.print, a.print)).toBe(true)
  expect(printDistance(a.print, a.print)).toBe(0)
  expect(isReusedScreenshot(a.print, b.print)).toBe(printDistance(a.print, b.print) <= REUSED_SCREENSHOT_MAX_DISTANCE)
  expect([a.resident, c.resident]).toEqual([0, 1])
  expect(isReusedScreenshot(a.print, c.print)).toBe(false) // the two 王秀英
})

it('never matches a screen of another layout', () => {
  expect(closestOtherLayout(set)).toBeGreaterThan(REUSED_SCREENSHOT_MAX_DISTANCE)
})
