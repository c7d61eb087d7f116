// Device-side compression benchmark: 1080×2400 PNG screenshots through the app's own H5 compression path
// (src/platform/media-files.ts: decode, canvas resize, toBlob JPEG down the quality ladder of
// src/core/media/compress-plan.ts, sha-256, IndexedDB), in headless Chromium; output size, dimensions and time.
//
//   npx tsx bench/image-compress.ts [--images 30] [--throttle 4] [--photos 6]
//
// How it is measured:
// - The app's media-files.ts is bundled with esbuild exactly as the H5 build imports it (same compress-plan, same
//   @noble/hashes sha-256) and served to the page from a routed http origin (IndexedDB needs a real origin).
// - The screenshots (test/helpers/fake-screenshot.ts) are drawn in the page per seed: a third settings lists, a
//   third articles of dense text, a third with a 1000 px photo; all carry a noisy photo banner, so they are harder
//   for JPEG than most real screenshots. Each becomes a blob: URL, like a picked file; the clock covers
//   saveImageFromTempPath alone (fetch of the blob, decode, every encode tried, hash, IndexedDB write).
// - Every toBlob call is recorded (size, quality), so the number of encodes and the quality kept are reported.
//   The stored file is read back and decoded to check it is a JPEG and its size.
// - The run is repeated with Chromium's CPU throttled (`--throttle`, default 4×: DevTools' "low-end mobile"
//   preset) as a stand-in for a cheap phone; `--throttle 1` skips it. A real phone's figure still needs a phone.
// - `--photos N` adds N camera-sized frames (4000×3000 JPEG, q 0.95, a gradient with sensor noise at three
//   levels), the case where the quality ladder has to step down; 0 skips them.
// - It fails if any output is over MEDIA_MAX_BYTES, has less than MEDIA_MIN_SHORT_SIDE px on its short side, or
//   is not a JPEG; outputs over MEDIA_TARGET_BYTES are counted and reported.
import path from 'node:path'
import { build } from 'esbuild'
import { chromium, type Page } from 'playwright-core'
import { MEDIA_MAX_BYTES, MEDIA_MIN_SHORT_SIDE, MEDIA_TARGET_BYTES } from '../src/core/schemas/media'
import { fakeScreenshotPng } from '../test/helpers/fake-screenshot'
import { fail, latencySummary, loadLine, log, machineLine, ms, parseFlags, printBlock, runMain } from './lib'

const USAGE = 'usage: npx tsx bench/image-compress.ts [--images 30] [--throttle 4] [--photos 6]'
const ORIGIN = 'http://bench.invalid'
const ROOT = path.resolve(__dirname, '..')

interface Outcome {
  inputBytes: number
  outputBytes: number
  width: number
  height: number
  mime: string
  encodes: number
  quality: number | null
  ms: number
}

async function bundleMediaFiles(): Promise<string> {
  const res = await build({
    stdin: {
      contents: `import * as m from './src/platform/media-files'; Object.assign(window, { __media: m })`,
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    bundle: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  })
  return res.outputFiles[0].text
}

/**
 * In-page code (kept as text: the page has no Node types, and transpiler helpers do not exist there). Installs a
 * toBlob recorder once, then compresses one PNG through the app's path and reads the stored result back.
 */
const COMPRESS_ONE = `async (b64) => {
  const w = window
  const proto = HTMLCanvasElement.prototype
  if (!proto.__wrapped) {
    const original = proto.toBlob
    proto.toBlob = function (cb, type, quality) {
      return original.call(this, (blob) => {
        w.__encodes.push({ size: blob ? blob.size : 0, quality: Number(quality) })
        cb(blob)
      }, type, quality)
    }
    proto.__wrapped = true
  }
  const raw = atob(b64)
  const bytes = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }))
  w.__encodes = []
  const t0 = performance.now()
  const saved = await w.__media.saveImageFromTempPath(url)
  const elapsed = performance.now() - t0
  URL.revokeObjectURL(url)
  const stored = await w.__media.readMediaChunk(saved.sha256, 0, saved.bytes)
  const bmp = await createImageBitmap(new Blob([stored]))
  const kept = w.__encodes.find((e) => e.size === saved.bytes)
  const out = {
    inputBytes: bytes.length,
    outputBytes: saved.bytes,
    width: bmp.width,
    height: bmp.height,
    mime: stored[0] === 0xff && stored[1] === 0xd8 ? 'image/jpeg' : saved.mime,
    encodes: w.__encodes.length,
    quality: kept ? kept.quality : null,
    ms: elapsed,
  }
  bmp.close()
  await w.__media.removeMedia(saved.sha256)
  return out
}`

/** A camera-sized frame: gradient plus sensor noise (20, 60 or 120 levels by seed), saved as a q 0.95 JPEG. */
const DRAW_PHOTO = `async (seed) => {
  const c = document.createElement('canvas')
  c.width = 4000
  c.height = 3000
  const g = c.getContext('2d')
  const grad = g.createLinearGradient(0, 0, 4000, 3000)
  grad.addColorStop(0, 'hsl(' + (seed * 67) % 360 + ',45%,50%)')
  grad.addColorStop(1, 'hsl(' + (seed * 131) % 360 + ',40%,35%)')
  g.fillStyle = grad
  g.fillRect(0, 0, 4000, 3000)
  const noise = [20, 60, 120][seed % 3]
  const d = g.getImageData(0, 0, 4000, 3000)
  let s = seed
  for (let i = 0; i < d.data.length; i += 4) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const n = ((s >>> 16) / 65536 - 0.5) * noise
    d.data[i] += n
    d.data[i + 1] += n * 0.8
    d.data[i + 2] += n * 1.2
  }
  g.putImageData(d, 0, 0)
  const blob = await new Promise((resolve) => c.toBlob(resolve, 'image/jpeg', 0.95))
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}`

async function compressOne(page: Page, png: Buffer): Promise<Outcome> {
  return (await page.evaluate(`(${COMPRESS_ONE})(${JSON.stringify(png.toString('base64'))})`)) as Outcome
}

async function runSet(page: Page, pngs: Buffer[], label: string, kinds: string[]): Promise<Outcome[]> {
  // One untimed warm-up: the first canvas and JPEG encoder initialisation are not part of a photo's cost.
  await compressOne(page, pngs[0])
  const out: Outcome[] = []
  for (const [i, png] of pngs.entries()) {
    const o = await compressOne(page, png)
    out.push(o)
    log(
      `${label} #${String(i + 1).padStart(2)}  ${kinds[i % kinds.length].padEnd(12)}  ` +
        `${(o.inputBytes / 1024).toFixed(0).padStart(5)} KB → ${(o.outputBytes / 1024).toFixed(1).padStart(6)} KB ` +
        `${o.width}×${o.height}  q ${o.quality ?? '?'}  ${o.encodes} encode(s)  ${ms(o.ms)}`,
    )
  }
  return out
}

function summarise(title: string, what: string, outs: Outcome[]): void {
  const kb = latencySummary(outs.map((o) => o.outputBytes / 1024))
  const t = latencySummary(outs.map((o) => o.ms))
  const inKb = outs.reduce((n, o) => n + o.inputBytes, 0) / outs.length / 1024
  const qualities = new Map<string, number>()
  for (const o of outs) qualities.set(String(o.quality), (qualities.get(String(o.quality)) ?? 0) + 1)
  printBlock(title, [
    ['images', `${outs.length} × ${what} (mean ${inKb.toFixed(0)} KB)`],
    ['output size', `mean ${kb.mean.toFixed(1)} KB, p50 ${kb.p50.toFixed(1)} KB, p95 ${kb.p95.toFixed(1)} KB, max ${kb.max.toFixed(1)} KB`],
    ['over 200 KB target', `${outs.filter((o) => o.outputBytes > MEDIA_TARGET_BYTES).length}`],
    ['dimensions', [...new Set(outs.map((o) => `${o.width}×${o.height}`))].join(', ')],
    ['quality kept', [...qualities].map(([q, n]) => `${q}: ${n}`).join(', ')],
    ['encodes per image', `mean ${(outs.reduce((n, o) => n + o.encodes, 0) / outs.length).toFixed(2)}, max ${Math.max(...outs.map((o) => o.encodes))}`],
    ['time per image', `mean ${ms(t.mean)}, p50 ${ms(t.p50)}, p95 ${ms(t.p95)}, max ${ms(t.max)}`],
    ['machine', machineLine()],
    ['load', loadLine()],
  ])
}

runMain(async () => {
  const flags = parseFlags(process.argv.slice(2), { images: 30, throttle: 4, photos: 6 }, USAGE)
  if (flags.images < 1) fail(`--images must be at least 1\n${USAGE}`)
  const bundle = await bundleMediaFiles()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
  try {
    const page = await (await browser.newContext({ deviceScaleFactor: 1 })).newPage()
    await page.route(`${ORIGIN}/**`, (route) => {
      const isJs = route.request().url().endsWith('.js')
      return route.fulfill({
        contentType: isJs ? 'text/javascript' : 'text/html',
        body: isJs ? bundle : '<!doctype html><meta charset="utf-8"><script src="/media-files.js"></script>',
      })
    })
    await page.goto(`${ORIGIN}/`)
    await page.waitForFunction('!!(window.__media && window.__media.saveImageFromTempPath)')

    log(`drawing ${flags.images} screenshots…`)
    const pngs: Buffer[] = []
    for (let i = 1; i <= flags.images; i++) pngs.push(await fakeScreenshotPng(page, i))

    const shots = '1080×2400 PNG screenshots'
    const layouts = ['text', 'photo', 'list'].map((k) => `screen/${k}`)
    const results: [string, string, Outcome[]][] = [['Screenshots, Chromium unthrottled', shots, await runSet(page, pngs, '1×', layouts)]]
    if (flags.throttle > 1) {
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: flags.throttle })
      results.push([`Screenshots, CPU throttled ${flags.throttle}× (cheap-phone stand-in)`, shots, await runSet(page, pngs, `${flags.throttle}×`, layouts)])
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    }
    if (flags.photos > 0) {
      log(`drawing ${flags.photos} camera frames…`)
      const photos: Buffer[] = []
      for (let i = 1; i <= flags.photos; i++) photos.push(Buffer.from((await page.evaluate(`(${DRAW_PHOTO})(${i})`)) as string, 'base64'))
      const noise = [1, 2, 3].map((i) => `photo/noise${[20, 60, 120][i % 3]}`)
      results.push(['Camera photos, Chromium unthrottled', '4000×3000 JPEG q 0.95 photos', await runSet(page, photos, 'photo', noise)])
    }
    for (const [title, what, outs] of results) summarise(title, what, outs)

    const bad = results.flatMap(([, , outs]) => outs).filter((o) => o.outputBytes > MEDIA_MAX_BYTES || Math.min(o.width, o.height) < MEDIA_MIN_SHORT_SIDE || o.mime !== 'image/jpeg')
    if (bad.length) fail(`${bad.length} output(s) over ${MEDIA_MAX_BYTES} bytes, under ${MEDIA_MIN_SHORT_SIDE} px or not JPEG`)
  } finally {
    await browser.close()
  }
})
