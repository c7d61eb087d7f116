// Every WeChat privacy API used anywhere in src/ is in the privacy declarations (src/platform/privacy-declarations.ts),
// which is what the 用户隐私保护指引 must list; WeChat disables an undeclared one on every phone (errno 112).
import fs from 'node:fs'
import path from 'node:path'
import { PRIVACY_APIS, PRIVACY_DECLARATIONS, privacyGuideText } from '../../../src/platform/privacy-declarations'

const ROOT = path.resolve(__dirname, '../../..')
const SRC = path.join(ROOT, 'src')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : []
  })
}

/** `Taro.api(` / `wx.api(` / `Taro['api']` calls of a privacy API, with where they are. */
function privacyCalls(files: { file: string; text: string }[]): { api: string; file: string }[] {
  const calls: { api: string; file: string }[] = []
  for (const { file, text } of files) {
    // Comments may name an API without calling it.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1')
    for (const api of PRIVACY_APIS) {
      const pattern = new RegExp(`\\b(?:Taro|wx)\\s*(?:\\.\\s*${api}\\b|\\[\\s*['"\`]${api}['"\`]\\s*\\])`)
      if (pattern.test(code)) calls.push({ api, file })
    }
  }
  return calls
}

const files = sourceFiles(SRC)
  .filter((f) => !f.endsWith('privacy-declarations.ts'))
  .map((f) => ({ file: path.relative(ROOT, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }))
const calls = privacyCalls(files)

it('finds the privacy APIs the app is known to use (the scan works)', () => {
  expect(calls.map((c) => c.api)).toEqual(expect.arrayContaining(['chooseMedia', 'getLocation', 'saveImageToPhotosAlbum', 'setClipboardData', 'chooseMessageFile']))
})

it('has a declaration for every privacy API used in src/', () => {
  const declared = new Set(PRIVACY_DECLARATIONS.flatMap((d) => d.apis))
  expect(calls.filter((c) => !declared.has(c.api)).map((c) => `${c.api} in ${c.file}`)).toEqual([])
})

it('names, for each declaration, the files that really use its APIs (the list stays next to the code)', () => {
  for (const d of PRIVACY_DECLARATIONS) {
    const using = calls.filter((c) => d.apis.includes(c.api)).map((c) => c.file)
    expect({ item: d.item, files: [...new Set(using)].sort() }).toEqual({ item: d.item, files: [...d.usedIn].sort() })
    expect(d.purpose.length).toBeGreaterThan(8)
  }
})

it('fails for a new privacy API without a declaration', () => {
  const found = privacyCalls([{ file: 'src/x.ts', text: "await Taro.chooseVideo({})\n// Taro.chooseAddress() only in a comment\nwx['getWeRunData']()" }])
  expect(found.map((c) => c.api)).toEqual(['chooseVideo', 'getWeRunData'])
  const declared = new Set(PRIVACY_DECLARATIONS.flatMap((d) => d.apis))
  expect(found.filter((c) => !declared.has(c.api))).toHaveLength(2)
})

it('gives the text to enter in WeChat’s guide editor, one line per item', () => {
  const text = privacyGuideText()
  expect(text.split('\n')).toHaveLength(PRIVACY_DECLARATIONS.length)
  expect(text).toContain('位置信息：开发者将在获取你的明示同意后')
})
