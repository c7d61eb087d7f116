// Adds up the jest result files of one run and prints the closing "N passed, N failed" line.
const fs = require('fs')
const path = require('path')

const [dir, ...failedSteps] = process.argv.slice(2)
let passed = 0
let failed = 0
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites
}
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0)
