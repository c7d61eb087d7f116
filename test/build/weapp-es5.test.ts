// Parses every .js of the weapp build at the language level project.config.json states: with "es6": false WeChat
// runs the files as they are, so one `??`, `?.`, arrow or class left in a dependency is a SyntaxError at launch on
// an old phone (iOS below 13.4 for `??`/`?.`). Reads dist/ (TEST_WEAPP_DIR) as built by `npm run build:weapp`.
import fs from 'node:fs'
import path from 'node:path'
import { parse, type ecmaVersion } from 'acorn'

const ROOT = path.resolve(__dirname, '../..')
const DIST = path.resolve(ROOT, process.env.TEST_WEAPP_DIR ?? 'dist')
const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as { setting: { es6: boolean } }

/** es6:false → the code must already be ES5; es6:true lets WeChat's compiler lower ES2015 (not later syntax). */
const level: ecmaVersion = project.setting.es6 ? 2015 : 5

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? jsFiles(p) : e.name.endsWith('.js') ? [p] : []
  })
}

it(`states ES5 in project.config.json (es6: false), the level this test holds the build to`, () => {
  expect(level).toBe(5)
})

it('emits only JavaScript an ES5 engine parses, dependencies included (vendors.js, taro.js)', () => {
  const files = jsFiles(DIST)
  expect(files.map((f) => path.relative(DIST, f))).toEqual(expect.arrayContaining(['app.js', 'vendors.js']))
  const failures: string[] = []
  for (const file of files) {
    const code = fs.readFileSync(file, 'utf8')
    try {
      parse(code, { ecmaVersion: level, sourceType: 'script' })
    } catch (err) {
      const { pos } = err as { pos?: number }
      const at = typeof pos === 'number' ? ` near «${code.slice(Math.max(0, pos - 40), pos + 40).replace(/\s+/g, ' ')}»` : ''
      failures.push(`${path.relative(DIST, file)}: ${(err as Error).message}${at}`)
    }
  }
  expect(failures).toEqual([])
})

it('catches what it is there for: a `??` in an otherwise ES5 file does not parse at ES5', () => {
  expect(() => parse('var a = b ?? c', { ecmaVersion: 5 })).toThrow()
  expect(() => parse('var a = b && b.c', { ecmaVersion: 5 })).not.toThrow()
})
