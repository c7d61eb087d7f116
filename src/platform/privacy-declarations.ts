// The privacy declarations the mini-program's 用户隐私保护指引 (set in the WeChat admin console, 设置 → 服务内容声明)
// must contain: one entry per kind of personal information, with every WeChat API of ours that touches it and the
// purpose to enter. WeChat disables an API missing from the guide (errno 112, "not declared"), so a new privacy API
// used anywhere in src/ without an entry here fails test/unit/platform/privacy-declarations.test.ts.

export interface PrivacyDeclaration {
  /** The item as WeChat's guide editor names it. */
  item: string
  /** Every WeChat API of ours in that item (Taro.<api>). */
  apis: readonly string[]
  /** The purpose to enter after 开发者将在获取你的明示同意后，… 用于 */
  purpose: string
  /** Where the app uses it (src/platform files). */
  usedIn: readonly string[]
}

export const PRIVACY_DECLARATIONS: readonly PrivacyDeclaration[] = [
  {
    item: '选中的照片或视频信息',
    apis: ['chooseMedia'],
    purpose: '上传走访照片和反诈APP安装截图，作为入户宣传的留存凭证',
    usedIn: ['src/platform/media-picker.ts'],
  },
  {
    item: '摄像头',
    // Scanning the 绑定码 uses the camera; declared so the guide names it even where WeChat counts scanCode apart.
    apis: ['scanCode'],
    purpose: '扫描管理员出示的绑定码二维码，完成首次微信登录绑定',
    usedIn: ['src/platform/scan.weapp.ts'],
  },
  {
    item: '位置信息',
    apis: ['getLocation'],
    purpose: '在保存走访记录时（经你同意）记录一次所在位置，便于核查走访真实性；不记录行动轨迹',
    usedIn: ['src/platform/location.ts'],
  },
  {
    item: '相册（仅写入）权限',
    apis: ['saveImageToPhotosAlbum'],
    purpose: '将承诺书居民留存联保存到相册，交给居民留存',
    usedIn: ['src/platform/canvas-image.weapp.ts'],
  },
  {
    item: '剪切板',
    apis: ['setClipboardData'],
    purpose: '复制签署链接、登录码和绑定码，便于转发给居民或同事',
    usedIn: ['src/platform/clipboard.weapp.ts'],
  },
  {
    item: '选中的文件',
    apis: ['chooseMessageFile'],
    purpose: '从微信聊天中选择县里下发的名册表格（.xlsx/.csv）进行导入',
    usedIn: ['src/platform/table-file.weapp.ts'],
  },
]

/**
 * WeChat APIs that its 隐私接口 list puts under the privacy guide (and that an app like this one might call). Using
 * any of these in src/ needs an entry above; the test reads this list, so adding an API here tightens the check.
 */
export const PRIVACY_APIS: readonly string[] = [
  'chooseMedia',
  'chooseImage',
  'chooseVideo',
  'getLocation',
  'chooseLocation',
  'choosePoi',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'onLocationChange',
  'saveImageToPhotosAlbum',
  'saveVideoToPhotosAlbum',
  'setClipboardData',
  'getClipboardData',
  'scanCode',
  'createCameraContext',
  'chooseMessageFile',
  'chooseAddress',
  'chooseInvoiceTitle',
  'chooseInvoice',
  'getWeRunData',
  'addPhoneContact',
  'addPhoneCalendar',
  'addPhoneRepeatCalendar',
  'startRecord',
  'getRecorderManager',
  'createVKSession',
  'openBluetoothAdapter',
  'startWifi',
  'getUserProfile',
]

/** The guide as text to paste into WeChat's editor (also printed by docs/deploy-wechat.md's instructions). */
export function privacyGuideText(): string {
  return PRIVACY_DECLARATIONS.map((d) => `${d.item}：开发者将在获取你的明示同意后，用于${d.purpose}。（${d.apis.map((a) => `wx.${a}`).join('、')}）`).join('\n')
}
