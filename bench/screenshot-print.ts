// Reused-screenshot detector (server/src/truth/screenshot-print.ts) at full size: the generated 国家反诈中心 我的
// pages of 12 residents of one village on three phone sizes, each with 14 reused copies (test/helpers/
// screenshot-reuse-eval.ts); every pair of one resident's copies and every fourth pair of different residents'.
// Time per print (sharp), per comparison, precision and recall at the threshold; the unit test runs a smaller set.
//
//   npx tsx bench/screenshot-print.ts
//
// Fails (non-zero exit) on any false flag between different residents, on recall under 0.95, or if a screen of another
// layout matches.
import { REUSED_SCREENSHOT_MAX_DISTANCE } from '../server/src/truth/screenshot-print'
import { closestOtherLayout, printFixtures, REUSES, scorePairs, VILLAGE_RESIDENTS } from '../test/helpers/screenshot-reuse-eval'
import { fail, loadLine, log, machineLine, parseFlags, printBlock, runMain, secs } from './lib'

const USAGE = 'usage: npx tsx bench/screenshot-print.ts'

async function main(): Promise<void> {
  parseFlags(process.argv.slice(2), {}, USAGE)
  const started = performance.now()
  log(`printing ${VILLAGE_RESIDENTS.length * (REUSES.length + 1)} screenshots`)
  const set = await printFixtures(VILLAGE_RESIDENTS, REUSES)
  log('comparing')
  const score = scorePairs(set, VILLAGE_RESIDENTS, (i, j) => (i + j) % 4 === 0)
  const otherLayout = closestOtherLayout(set)
  console.log(score.report.join('\n'))
  printBlock('RESULT reused-screenshot detector', [
    ['machine', machineLine()],
    ['load', loadLine()],
    ['screenshots', `${set.shots.length} (${VILLAGE_RESIDENTS.length} residents × ${REUSES.length + 1} copies)`],
    ['ms per print', (set.printMs / set.shots.length).toFixed(1)],
    ['ms per comparison', score.compareMs.toFixed(2)],
    ['reused pairs', `${score.reusedPairs}: recall ${score.recall.toFixed(4)} (${score.missed} missed)`],
    ['different residents', `${score.differentPairs}: precision ${score.precision.toFixed(4)} (${score.falseFlags} false flags)`],
    ['other layouts', `closest at distance ${otherLayout.toFixed(1)}`],
    ['total', secs(started)],
  ])
  if (score.falseFlags > 0) fail(`${score.falseFlags} different residents' pairs flagged`)
  if (score.recall < 0.95) fail(`recall ${score.recall.toFixed(4)} under 0.95`)
  if (otherLayout <= REUSED_SCREENSHOT_MAX_DISTANCE) fail('a screen of another layout matched')
}

runMain(main)
