// Fake "国家反诈中心" screenshots for the reused-screenshot detector: every resident's 我的 page has the SAME layout
// (status bar, title bar, banner, an info card, a feature grid, a settings list, tab bar) and differs only in the
// resident's details, as real residents' install proofs do. Drawn as SVG in dp (360 wide) and rendered by sharp
// at the phone's pixel size, so no binary fixture is committed. Also the ways one screenshot gets reused:
// re-encoded, resized, cropped, with another status bar.
import sharp from 'sharp'

export interface Resident {
  name: string
  /** Already masked, as the app shows it: 138****5678. */
  phone: string
  registeredAt: string
  region: string
  reports: number
  lessons: number
}

export interface StatusBar {
  clock: string
  battery: number
  /** Signal bars shown, 1–4. */
  signal: number
  network: '5G' | '4G' | 'WiFi'
}

export interface Phone {
  width: number
  height: number
}

export const PHONES: Phone[] = [
  { width: 720, height: 1560 },
  { width: 720, height: 1600 },
  { width: 1080, height: 2340 },
]

export const STATUS_A: StatusBar = { clock: '09:41', battery: 87, signal: 4, network: '5G' }
export const STATUS_B: StatusBar = { clock: '16:08', battery: 23, signal: 2, network: '4G' }

const FONT = `font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif"`
const DP_WIDTH = 360

function text(x: number, y: number, size: number, fill: string, body: string, extra = ''): string {
  return `<text x="${x}" y="${y}" font-size="${size}" fill="${fill}" ${FONT} ${extra}>${body}</text>`
}

function statusBarSvg(s: StatusBar): string {
  const bars = [0, 1, 2, 3]
    .map((i) => `<rect x="${262 + i * 5}" y="${18 - i * 3}" width="3.5" height="${4 + i * 3}" fill="${i < s.signal ? '#111' : '#bbb'}"/>`)
    .join('')
  return [
    `<rect width="${DP_WIDTH}" height="28" fill="#ffffff"/>`,
    text(18, 19, 13, '#111', s.clock, 'font-weight="bold"'),
    bars,
    text(240, 19, 10, '#111', s.network, 'font-weight="bold"'),
    `<rect x="312" y="9" width="24" height="11" rx="3" fill="none" stroke="#111" stroke-width="1"/>`,
    `<rect x="314" y="11" width="${(20 * s.battery) / 100}" height="7" rx="1.5" fill="${s.battery < 25 ? '#e33' : '#111'}"/>`,
    text(308, 19, 9, '#111', String(s.battery), 'text-anchor="end"'),
  ].join('')
}

function chromeSvg(heightDp: number): string {
  const features = ['来电预警', '短信预警', 'APP自检', '身份核实']
  const colours = ['#2f7bff', '#19b36b', '#ff8a00', '#8a5cff']
  return [
    `<rect y="28" width="${DP_WIDTH}" height="${heightDp - 28}" fill="#f3f5f9"/>`,
    `<rect y="28" width="${DP_WIDTH}" height="44" fill="#ffffff"/>`,
    `<path d="M20 42 l-7 8 l7 8" stroke="#222" stroke-width="2" fill="none"/>`,
    text(180, 56, 17, '#111', '国家反诈中心', 'font-weight="bold" text-anchor="middle"'),
    `<rect x="272" y="36" width="78" height="28" rx="14" fill="none" stroke="#ddd"/>`,
    text(286, 55, 14, '#222', '··· ◎'),
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1e6fff"/><stop offset="1" stop-color="#5b9bff"/></linearGradient></defs>`,
    `<rect x="12" y="82" width="336" height="140" rx="12" fill="url(#g)"/>`,
    `<circle cx="62" cy="142" r="30" fill="#ffffff" opacity="0.9"/>`,
    `<path d="M62 122 l18 7 v13 c0 12 -9 19 -18 22 c-9 -3 -18 -10 -18 -22 v-13 z" fill="#1e6fff"/>`,
    text(106, 135, 20, '#fff', '已注册 · 实名认证', 'font-weight="bold"'),
    text(106, 162, 12, '#e8f0ff', '感谢您加入全民反诈，守护您和家人的钱袋子'),
    text(106, 196, 11, '#d6e4ff', '国家反诈中心 · 公安部刑事侦查局'),
    `<rect x="12" y="234" width="336" height="228" rx="12" fill="#ffffff"/>`,
    `<rect x="12" y="474" width="336" height="96" rx="12" fill="#ffffff"/>`,
    ...features.map((f, i) =>
      [
        `<circle cx="${54 + i * 84}" cy="505" r="17" fill="${colours[i]}"/>`,
        text(54 + i * 84, 550, 12, '#333', f, 'text-anchor="middle"'),
      ].join(''),
    ),
    `<rect x="12" y="580" width="336" height="${4 * 36}" rx="12" fill="#ffffff"/>`,
    `<rect y="${heightDp - 56}" width="${DP_WIDTH}" height="56" fill="#ffffff"/>`,
    ...['首页', '报案助手', '我的'].map((t, i) =>
      [
        `<circle cx="${60 + i * 120}" cy="${heightDp - 36}" r="9" fill="${i === 2 ? '#1e6fff' : '#9aa3b2'}"/>`,
        text(60 + i * 120, heightDp - 10, 11, i === 2 ? '#1e6fff' : '#666', t, 'text-anchor="middle"'),
      ].join(''),
    ),
  ].join('')
}

function residentSvg(r: Resident): string {
  const rows: Array<[string, string]> = [
    ['姓名', r.name],
    ['手机号', r.phone],
    ['注册时间', r.registeredAt],
    ['所在地区', r.region],
    ['身份核验', '已通过'],
  ]
  const list: Array<[string, string]> = [
    ['来电预警', '已开启'],
    ['短信预警', '已开启'],
    ['我的举报', `${r.reports}条`],
    ['反诈课堂', `已学习${r.lessons}课`],
  ]
  return [
    text(28, 262, 14, '#333', '我的信息', 'font-weight="bold"'),
    ...rows.map(([label, value], i) =>
      [
        text(28, 302 + i * 36, 14, '#888', label),
        text(332, 302 + i * 36, 15, '#111', value, 'text-anchor="end"'),
        i < rows.length - 1 ? `<rect x="28" y="${314 + i * 36}" width="304" height="0.6" fill="#eee"/>` : '',
      ].join(''),
    ),
    ...list.map(([label, value], i) =>
      [
        text(28, 604 + i * 36, 15, '#222', label),
        text(318, 604 + i * 36, 13, '#999', value, 'text-anchor="end"'),
        text(326, 604 + i * 36, 13, '#bbb', '›'),
      ].join(''),
    ),
  ].join('')
}

/** The resident's 我的 page as the phone would screenshot it: PNG at the phone's pixel size. */
export async function registeredScreenPng(r: Resident, status: StatusBar, phone: Phone): Promise<Buffer> {
  const heightDp = (DP_WIDTH * phone.height) / phone.width
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${phone.width}" height="${phone.height}" ` +
    `viewBox="0 0 ${DP_WIDTH} ${heightDp}">${chromeSvg(heightDp)}${statusBarSvg(status)}${residentSvg(r)}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/** Other screens a worker might attach by mistake: a chat, a settings page, an article. Not the 我的 layout. */
export async function otherScreenPng(kind: 'chat' | 'settings' | 'article', phone: Phone): Promise<Buffer> {
  const heightDp = (DP_WIDTH * phone.height) / phone.width
  const lines: string[] = []
  if (kind === 'chat') {
    for (let i = 0; i < 9; i++) {
      const mine = i % 2 === 1
      lines.push(`<rect x="${mine ? 130 : 52}" y="${90 + i * 64}" width="178" height="44" rx="6" fill="${mine ? '#95ec69' : '#fff'}"/>`)
      lines.push(text(mine ? 142 : 64, 117 + i * 64, 14, '#111', mine ? '好的，我马上装一下' : '记得下载国家反诈中心APP'))
    }
  } else if (kind === 'settings') {
    for (let i = 0; i < 12; i++) {
      lines.push(`<rect x="0" y="${84 + i * 50}" width="${DP_WIDTH}" height="48" fill="#fff"/>`)
      lines.push(text(20, 114 + i * 50, 15, '#111', ['WLAN', '蓝牙', '移动网络', '声音', '显示', '电池', '存储', '应用', '隐私', '安全', '系统', '关于手机'][i]))
    }
  } else {
    for (let i = 0; i < 26; i++) lines.push(text(16, 100 + i * 24, 14, '#333', '警惕刷单返利、虚假投资理财、冒充客服退款等诈骗手法，不听不信不转账'.slice(0, 20 + (i % 5))))
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${phone.width}" height="${phone.height}" viewBox="0 0 ${DP_WIDTH} ${heightDp}">` +
    `<rect width="${DP_WIDTH}" height="${heightDp}" fill="${kind === 'chat' ? '#ededed' : '#f7f7f7'}"/>` +
    `${statusBarSvg(STATUS_A)}${lines.join('')}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/** Share of each edge cut off (0–1). */
export interface Crop {
  left?: number
  top?: number
  right?: number
  bottom?: number
}

export interface Reuse {
  label: string
  /** Re-render with another status bar (the same screen at another moment). */
  status?: StatusBar
  crop?: Crop
  /** Resize to this share of the width. */
  scale?: number
  /** Re-encode as JPEG at this quality (else PNG). */
  jpeg?: number
}

/** One reused copy of a screenshot, from the original PNG (or a re-render with `status`). */
export async function reusedCopy(original: Buffer, reuse: Reuse): Promise<Buffer> {
  const { width, height } = await sharp(original).metadata()
  let img = sharp(original)
  if (reuse.crop) {
    const { left = 0, top = 0, right = 0, bottom = 0 } = reuse.crop
    const x = Math.round(width * left)
    const y = Math.round(height * top)
    img = img.extract({ left: x, top: y, width: Math.round(width * (1 - right)) - x, height: Math.round(height * (1 - bottom)) - y })
    img = sharp(await img.png().toBuffer())
  }
  if (reuse.scale) img = img.resize({ width: Math.round(width * (1 - (reuse.crop?.left ?? 0) - (reuse.crop?.right ?? 0)) * reuse.scale) })
  return reuse.jpeg ? img.jpeg({ quality: reuse.jpeg }).toBuffer() : img.png().toBuffer()
}
