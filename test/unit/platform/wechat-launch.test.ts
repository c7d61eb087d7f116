// The platform layer added for the WeChat launch (#13), with Taro's calls stubbed to fail each way WeChat fails:
// location, the table picker, sending a file to a chat (only from the tap, after the download), the privacy
// consent, the update prompt and crash reports; each failure ends in a Chinese notice, never in silence.
import { locate } from '../../../src/platform/location'
import { chooseTableFile } from '../../../src/platform/table-file.weapp'
import { DeviceFailureError } from '../../../src/platform/device-failure'
import { failureNotice, showDeviceFailure } from '../../../src/platform/device-notice'
import { downloadFile } from '../../../src/platform/download-file.weapp'
import { dismissReadyFile, sendToChat, watchReadyFile, type ReadyFile } from '../../../src/platform/file-share.weapp'
import { installPrivacyConsent, registerPrivacyHost, watchPrivacyRequests, PRIVACY_AGREE_BUTTON_ID, type PrivacyRequest } from '../../../src/platform/privacy.weapp'
import { watchAppErrors, watchForUpdates } from '../../../src/platform/app-health.weapp'
import { MIME } from '../../../src/core/api/mime'
import { canUse } from '../../../src/platform/can-i-use'
import { wechatErrors } from './wechat-errors'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    canIUse: jest.fn(() => true),
    getLocation: jest.fn(),
    chooseMessageFile: jest.fn(),
    getFileSystemManager: jest.fn(),
    downloadFile: jest.fn(),
    openDocument: jest.fn(),
    shareFileMessage: jest.fn(),
    onNeedPrivacyAuthorization: jest.fn(),
    openPrivacyContract: jest.fn(),
    getUpdateManager: jest.fn(),
    showModal: jest.fn(),
    openSetting: jest.fn(),
    onError: jest.fn(),
    onUnhandledRejection: jest.fn(),
    getCurrentPages: jest.fn(() => [{ route: 'pages/home/index' }]),
  },
}))
// Taro's weapp build resolves './file-share' to file-share.weapp.ts; jest resolves plain names, so say it here.
jest.mock('../../../src/platform/file-share', () => jest.requireActual('../../../src/platform/file-share.weapp'))
type Mocked = Record<string, jest.Mock>
const taro = (jest.requireMock('@tarojs/taro') as { default: Mocked }).default

beforeAll(() => {
  ;(globalThis as Record<string, unknown>).API_BASE = 'https://api.example'
})
afterAll(() => {
  delete (globalThis as Record<string, unknown>).API_BASE
})
beforeEach(() => {
  for (const fn of Object.values(taro)) fn.mockClear()
  taro.showModal.mockResolvedValue({ confirm: false })
})

describe('locate (getLocation)', () => {
  const e = wechatErrors('getLocation')

  it('gives the point, or null when none came in time', async () => {
    taro.getLocation.mockResolvedValueOnce({ latitude: 30.1, longitude: 120.2, accuracy: 15 })
    await expect(locate(1000)).resolves.toEqual({ ok: true, value: { lat: 30.1, lng: 120.2, accuracy: 15 } })
    taro.getLocation.mockReturnValueOnce(new Promise(() => undefined))
    await expect(locate(5)).resolves.toEqual({ ok: true, value: null })
  })

  it.each([
    ['a refused location permission (→ settings page)', e.denied, { kind: 'denied', permission: 'location', bySystem: false }],
    ['the phone refusing WeChat the location', e.deniedBySystem, { kind: 'denied', permission: 'location', bySystem: true }],
    ['the privacy guide not agreed', e.privacy, { kind: 'privacy' }],
    ['getLocation missing from the privacy guide', e.notDeclared, { kind: 'not-declared' }],
  ])('reports %s', async (_case, err, failure) => {
    taro.getLocation.mockRejectedValueOnce(err)
    await expect(locate(1000)).resolves.toEqual({ ok: false, ...failure })
  })

  it('names the location permission in the notice and offers the settings page for it', () => {
    expect(failureNotice({ kind: 'denied', permission: 'location', bySystem: false })).toEqual({
      title: '需要您的授权',
      message: '请点“去设置”，允许使用位置信息，然后重试。',
      openSettings: true,
    })
  })

  // The visit form saves without the position first, then shows this with its lead (src/pages/visit-new).
  it('tells the worker the visit was saved without a position, with 去设置 for a refused permission', async () => {
    taro.getLocation.mockRejectedValueOnce(e.denied)
    const fix = await locate(1000)
    if (fix.ok) throw new Error('expected a failure')
    taro.showModal.mockResolvedValueOnce({ confirm: true })
    taro.openSetting.mockResolvedValueOnce({})
    await showDeviceFailure(fix, '没有取得位置，下次保存时会再试。', '走访已保存，本次没有记录位置。')
    expect(taro.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '走访已保存，本次没有记录位置。请点“去设置”，允许使用位置信息，然后重试。', confirmText: '去设置', showCancel: true }),
    )
    expect(taro.openSetting).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['the privacy guide not agreed', 'privacy', /隐私保护指引/],
    ['getLocation missing from the privacy guide', 'notDeclared', /暂时无法使用/],
    ['any other failure (H5 has no gcj02 fix)', 'other', /没有取得位置/],
  ] as const)('shows %s after the save, without the settings page', async (_case, kind, text) => {
    taro.getLocation.mockRejectedValueOnce(e[kind])
    const fix = await locate(1000)
    if (fix.ok) throw new Error('expected a failure')
    await showDeviceFailure(fix, '没有取得位置，下次保存时会再试。', '走访已保存，本次没有记录位置。')
    const shown = taro.showModal.mock.calls[0][0] as { content: string; showCancel: boolean }
    expect(shown.content.startsWith('走访已保存，本次没有记录位置。')).toBe(true)
    expect(shown.content).toMatch(text)
    expect(shown.showCancel).toBe(false)
    expect(taro.openSetting).not.toHaveBeenCalled()
  })
})

describe('chooseTableFile (chooseMessageFile)', () => {
  const e = wechatErrors('chooseMessageFile')

  it('gives null for a cancel, so the page shows nothing', async () => {
    taro.chooseMessageFile.mockRejectedValueOnce(e.cancelled)
    await expect(chooseTableFile()).resolves.toBeNull()
  })

  it.each([
    ['the privacy guide not agreed', e.privacy, { kind: 'privacy' }],
    ['chooseMessageFile missing from the guide', e.notDeclared, { kind: 'not-declared' }],
    ['anything else', e.other, { kind: 'failed', message: e.other.errMsg }],
  ])('throws a DeviceFailureError for %s, which the page shows', async (_case, err, failure) => {
    taro.chooseMessageFile.mockRejectedValueOnce(err)
    const thrown = await chooseTableFile().catch((x: unknown) => x)
    expect(thrown).toBeInstanceOf(DeviceFailureError)
    expect((thrown as DeviceFailureError).failure).toEqual(failure)
    await showDeviceFailure((thrown as DeviceFailureError).failure, '没有读取到文件，请重试。')
    expect(taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringMatching(/隐私保护指引|暂时无法使用|没有读取到文件/) }))
  })
})

describe('a downloaded .zip is sent to a chat only from a tap', () => {
  let offered: ReadyFile | null = null
  let unwatch: () => void
  beforeEach(() => {
    unwatch = watchReadyFile((f) => (offered = f))
    taro.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/shots.zip' })
  })
  afterEach(() => {
    dismissReadyFile()
    unwatch()
  })

  it('downloads, then offers the file without calling shareFileMessage itself', async () => {
    await expect(downloadFile('/x.zip', '截图.zip', MIME.zip, 't')).resolves.toBe(true)
    expect(taro.shareFileMessage).not.toHaveBeenCalled()
    expect(offered).toEqual({ filePath: 'wxfile://tmp/shots.zip', fileName: '截图.zip' })
  })

  it('opens a workbook in the document viewer instead, offering nothing', async () => {
    await downloadFile('/x.xlsx', '花名册.xlsx', MIME.xlsx, 't')
    expect(taro.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'xlsx' }))
    expect(offered).toBeNull()
  })

  it('calls shareFileMessage synchronously in the tap (before any await)', () => {
    taro.shareFileMessage.mockResolvedValueOnce({})
    void sendToChat({ filePath: 'wxfile://a.zip', fileName: 'a.zip' })
    expect(taro.shareFileMessage).toHaveBeenCalledWith({ filePath: 'wxfile://a.zip', fileName: 'a.zip' })
  })

  const e = wechatErrors('shareFileMessage')
  it.each([
    ['closing the chat picker', e.cancelled, { kind: 'cancelled' }],
    ['anything else', e.other, { kind: 'failed', message: e.other.errMsg }],
  ])('reports %s', async (_case, err, failure) => {
    taro.shareFileMessage.mockRejectedValueOnce(err)
    await expect(sendToChat({ filePath: 'f', fileName: 'n' })).resolves.toEqual({ ok: false, ...failure })
  })

  it('answers a server that sent no file with false, offering nothing', async () => {
    taro.downloadFile.mockResolvedValueOnce({ statusCode: 404, tempFilePath: '' })
    await expect(downloadFile('/x.zip', '截图.zip', MIME.zip, 't')).resolves.toBe(false)
    expect(offered).toBeNull()
  })
})

describe('privacy consent (onNeedPrivacyAuthorization)', () => {
  let listener: (resolve: jest.Mock, info: { referrer: string }) => void
  let request: PrivacyRequest | null = null
  beforeAll(() => {
    installPrivacyConsent()
    listener = taro.onNeedPrivacyAuthorization.mock.calls[0][0]
    watchPrivacyRequests((r) => (request = r))
  })

  it('refuses at once when no page shows the dialog, so the held call fails with the privacy notice instead of hanging', () => {
    const resolve = jest.fn()
    listener(resolve, { referrer: 'chooseMedia' })
    expect(resolve.mock.calls).toEqual([[{ event: 'disagree' }]])
    expect(request).toBeNull()
  })

  it('shows the request on the newest dialog only, and agreeing names the open-type button', () => {
    const below = registerPrivacyHost()
    const top = registerPrivacyHost()
    const resolve = jest.fn()
    listener(resolve, { referrer: 'getLocation' })
    expect(resolve.mock.calls).toEqual([[{ event: 'exposureAuthorization' }]])
    expect([request?.referrer, top.isTop(), below.isTop()]).toEqual(['getLocation', true, false])
    request?.agree()
    request?.agree()
    expect(resolve.mock.calls.slice(1)).toEqual([[{ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID }]])
    expect(request).toBeNull()
    top.release()
    expect(below.isTop()).toBe(true)
    below.release()
  })

  it('passes a refusal on, which fails the held call (errno 104 → the privacy notice)', () => {
    const host = registerPrivacyHost()
    const resolve = jest.fn()
    listener(resolve, { referrer: 'setClipboardData' })
    request?.disagree()
    expect(resolve.mock.calls.at(-1)).toEqual([{ event: 'disagree' }])
    host.release()
  })
})

describe('a new version and uncaught errors', () => {
  it('asks to restart when a new version is ready, and restarts only on 重新打开', async () => {
    const manager = { onUpdateReady: jest.fn(), applyUpdate: jest.fn() }
    taro.getUpdateManager.mockReturnValue(manager)
    watchForUpdates()
    const ready = manager.onUpdateReady.mock.calls[0][0] as () => void
    taro.showModal.mockResolvedValueOnce({ confirm: false })
    ready()
    await new Promise((r) => setTimeout(r, 0))
    expect(manager.applyUpdate).not.toHaveBeenCalled()
    taro.showModal.mockResolvedValueOnce({ confirm: true })
    ready()
    await new Promise((r) => setTimeout(r, 0))
    expect(taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '有新版本', confirmText: '重新打开' }))
    expect(manager.applyUpdate).toHaveBeenCalledTimes(1)
  })

  it('does nothing where the base library has no update manager, or says it has one it lacks', () => {
    taro.canIUse.mockReturnValueOnce(false)
    watchForUpdates()
    expect(taro.getUpdateManager).not.toHaveBeenCalled()
    expect(canUse('getUpdateManager')).toBe(true)
    const real = taro.getUpdateManager
    delete (taro as Record<string, unknown>).getUpdateManager
    expect(canUse('getUpdateManager')).toBe(false)
    expect(() => watchForUpdates()).not.toThrow()
    taro.getUpdateManager = real
    expect(canUse('compressImage.object.compressedWidth')).toBe(true)
  })

  it('hands wx.onError text and unhandled rejections to the reporter with the page on top', () => {
    const report = jest.fn()
    watchAppErrors(report)
    taro.onError.mock.calls[0][0]('TypeError: x is undefined\n    at a (app.js:1:2)')
    taro.onUnhandledRejection.mock.calls[0][0]({ reason: new Error('boom'), promise: Promise.resolve() })
    expect(report.mock.calls[0][0]).toEqual({ kind: 'error', message: 'TypeError: x is undefined', stack: '    at a (app.js:1:2)', page: 'pages/home/index' })
    expect(report.mock.calls[1][0]).toMatchObject({ kind: 'rejection', message: 'boom', page: 'pages/home/index' })
  })
})
