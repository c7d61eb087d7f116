// Checks the weapp build in dist/ as WeChat would load it: every page complete, each package within 2 MB,
// and, where the team's tool is present, WeChat's own offline compilers.
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'

const DIST = path.resolve(__dirname, '../..', process.env.TEST_WEAPP_DIR ?? 'dist')
const MB = 1024 * 1024
const WEAPP_CHECK = path.resolve(__dirname, '../../../shared/tools/weapp-check/weapp-check')

interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
}

const app: AppJson = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8'))
const subPackages = app.subPackages ?? app.subpackages ?? []

function sizeOf(dir: string, skip: string[] = []): number {
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (skip.some((s) => p === s || p.startsWith(s + path.sep))) continue
    total += entry.isDirectory() ? sizeOf(p, skip) : fs.statSync(p).size
  }
  return total
}

it('has every page of every package compiled (js, json, wxml)', () => {
  const pages = [...app.pages, ...subPackages.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
  expect(pages.length).toBeGreaterThan(3)
  for (const page of pages) {
    for (const ext of ['.js', '.json', '.wxml']) {
      expect(fs.existsSync(path.join(DIST, page + ext)) ? page + ext : `missing ${page}${ext}`).toBe(page + ext)
    }
  }
})

/** Ours, well inside WeChat's 2 MB: the main package is what every worker downloads before the first page opens. */
const MAIN_BUDGET = 600 * 1024

it('keeps the main package within its 600 KB budget and each subpackage under WeChat’s 2 MB limit', () => {
  const subRoots = subPackages.map((s) => path.join(DIST, s.root))
  const main = sizeOf(DIST, subRoots)
  console.log(`weapp main package: ${(main / 1024).toFixed(0)} KB; ` + subPackages.map((s) => `${s.root}: ${(sizeOf(path.join(DIST, s.root)) / 1024).toFixed(0)} KB`).join(', '))
  expect(main).toBeLessThanOrEqual(MAIN_BUDGET)
  for (const root of subRoots) expect(sizeOf(root)).toBeLessThan(2 * MB)
})

const hasWeappCheck = fs.existsSync(WEAPP_CHECK)
;(hasWeappCheck ? it : it.skip)('passes WeChat’s own offline compilers (weapp-check)', () => {
  const output = execFileSync(WEAPP_CHECK, [DIST], { encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] })
  expect(output).not.toMatch(/FAIL/)
}, 300_000)
