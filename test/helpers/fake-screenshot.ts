// Realistic phone screenshots for media tests and the compression bench: a 1080×2400 PNG drawn in the browser like
// a page of the 国家反诈中心 app (status bar, header, a photo banner with sensor noise, icons, then a settings list,
// an article or a big photo, by seed % 3). Deterministic per seed.
import type { Page } from 'playwright-core'

/** Browser-side drawing code, kept as text: transpilers' helpers (e.g. esbuild's __name) do not exist in the page. */
const DRAW = `(seed, width, height) => {
  let state = seed * 2654435761 + 1
  const rnd = () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0
    return state / 2 ** 32
  }
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)]
  const c = document.createElement('canvas')
  c.width = width
  c.height = height
  const g = c.getContext('2d')
  const font = (px, bold = false) => \`\${bold ? 'bold ' : ''}\${px}px "Noto Sans CJK SC", "Noto Sans SC", sans-serif\`
  const words = ['国家反诈中心', '来电预警', '短信预警', '身份核实', '风险查询', '举报线索', '反诈课堂', '我的', '已开启', '实名认证',
    '刷单返利', '虚假投资', '冒充客服', '冒充公检法', '网络贷款', '杀猪盘', '请勿转账', '验证码', '13812345678', '2026-11-20 14:05']
  const line = (n) => Array.from({ length: n }, () => pick(words)).join('，')
  // Three kinds of screen: 0 a settings list, 1 an article (dense text), 2 a big photo (the hardest for JPEG).
  const layout = seed % 3
  const bannerH = layout === 2 ? 1000 : 460

  g.fillStyle = '#f5f6f8'
  g.fillRect(0, 0, width, height)
  // Status bar and header.
  g.fillStyle = '#1f5fd6'
  g.fillRect(0, 0, width, 260)
  g.fillStyle = '#fff'
  g.font = font(36)
  g.fillText('14:05', 40, 60)
  g.fillText('5G  87%', width - 220, 60)
  g.font = font(56, true)
  g.fillText(pick(['国家反诈中心', '我的账户', '预警设置']), 60, 190)
  // A photo-like banner: gradients plus sensor noise (the hardest part for JPEG).
  const grad = g.createLinearGradient(0, 300, width, 300 + bannerH)
  grad.addColorStop(0, \`hsl(\${Math.floor(rnd() * 360)},60%,55%)\`)
  grad.addColorStop(1, \`hsl(\${Math.floor(rnd() * 360)},50%,35%)\`)
  g.fillStyle = grad
  g.fillRect(40, 300, width - 80, bannerH)
  const banner = g.getImageData(40, 300, width - 80, bannerH)
  for (let i = 0; i < banner.data.length; i += 4) {
    const n = (rnd() - 0.5) * 40
    banner.data[i] += n
    banner.data[i + 1] += n
    banner.data[i + 2] += n
  }
  g.putImageData(banner, 40, 300)
  g.fillStyle = '#fff'
  g.font = font(60, true)
  g.fillText(pick(['全民反诈 你我同行', '一键开启来电预警', '不听不信不转账']), 90, 560)
  // An icon grid.
  for (let i = 0; i < (layout === 2 ? 0 : 8); i++) {
    const x = 90 + (i % 4) * 250
    const y = 860 + Math.floor(i / 4) * 230
    g.fillStyle = \`hsl(\${(i * 47 + seed * 13) % 360},70%,55%)\`
    g.beginPath()
    g.arc(x + 50, y, 55, 0, Math.PI * 2)
    g.fill()
    g.fillStyle = '#333'
    g.font = font(34)
    g.fillText(pick(words).slice(0, 4), x - 10, y + 110)
  }
  // Rows of text: a settings list with switches, or an article's paragraphs.
  let y = 1380
  while (layout === 1 && y < height - 260) {
    g.fillStyle = '#333'
    g.font = font(36)
    g.fillText(line(4).slice(0, 27), 50, y)
    y += 56
  }
  while (layout !== 1 && y < height - 260) {
    g.fillStyle = '#fff'
    g.fillRect(40, y, width - 80, 150)
    g.fillStyle = '#222'
    g.font = font(40, true)
    g.fillText(pick(words), 80, y + 62)
    g.fillStyle = '#777'
    g.font = font(32)
    g.fillText(line(3).slice(0, 26), 80, y + 118)
    // A switch, on or off.
    const on = rnd() > 0.3
    g.fillStyle = on ? '#34c759' : '#ccc'
    g.beginPath()
    g.arc(width - 180, y + 75, 32, 0, Math.PI * 2)
    g.arc(width - 120, y + 75, 32, 0, Math.PI * 2)
    g.fill()
    g.fillRect(width - 180, y + 43, 60, 64)
    g.fillStyle = '#fff'
    g.beginPath()
    g.arc(on ? width - 120 : width - 180, y + 75, 27, 0, Math.PI * 2)
    g.fill()
    y += 170
  }
  // Tab bar.
  g.fillStyle = '#fff'
  g.fillRect(0, height - 180, width, 180)
  g.fillStyle = '#1f5fd6'
  g.font = font(34)
  ;['首页', '预警', '举报', '我的'].forEach((t, i) => g.fillText(t, 90 + i * 260, height - 70))
  return c.toDataURL('image/png')
}`

/** PNG bytes of one screenshot; `page` only lends its canvas (any page works, even about:blank). */
export async function fakeScreenshotPng(page: Page, seed: number, width = 1080, height = 2400): Promise<Buffer> {
  const dataUrl = (await page.evaluate(`(${DRAW})(${seed}, ${width}, ${height})`)) as string
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
}
