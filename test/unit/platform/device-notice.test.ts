import { failureNotice, showDeviceFailure } from '../../../src/platform/device-notice'
import type { DeviceFailure } from '../../../src/platform/device-failure'
import { zh } from '../../../src/locales/zh-CN'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { showModal: jest.fn(), openSetting: jest.fn() } }))
const taro = (jest.requireMock('@tarojs/taro') as { default: { showModal: jest.Mock; openSetting: jest.Mock } }).default

const denied: DeviceFailure = { kind: 'denied', permission: 'album', bySystem: false }
const deniedBySystem: DeviceFailure = { kind: 'denied', permission: 'camera', bySystem: true }

describe('failureNotice', () => {
  it('says nothing for a cancel', () => {
    expect(failureNotice({ kind: 'cancelled' })).toBeNull()
  })

  it('offers the settings page for a permission the mini-program was refused, naming it', () => {
    expect(failureNotice(denied)).toEqual({ title: '需要您的授权', message: '请点“去设置”，允许使用相册，然后重试。', openSettings: true })
    expect(failureNotice({ ...denied, permission: 'camera' })?.message).toContain('摄像头')
  })

  it('sends the user to the phone settings, not the mini-program settings, when the phone refuses WeChat', () => {
    const n = failureNotice(deniedBySystem)
    expect(n?.openSettings).toBe(false)
    expect(n?.message).toBe('手机没有允许微信使用摄像头。请在手机的“设置”里找到微信，允许使用摄像头，然后重试。')
  })

  it('explains the privacy agreement without the settings page', () => {
    expect(failureNotice({ kind: 'privacy' })).toEqual({
      title: '需要您同意隐私保护指引',
      message: '使用这项功能前，需要您同意本小程序的隐私保护指引。请重试，并在弹出的提示中点“同意”。',
      openSettings: false,
    })
  })

  it('asks for the administrator when the API is not declared, in no technical words', () => {
    const n = failureNotice({ kind: 'not-declared' })
    expect(n).toEqual({ title: '操作未完成', message: '这项功能暂时无法使用，请联系管理员。', openSettings: false })
    expect(n?.message).not.toMatch(/[A-Za-z]/)
  })

  it("uses the page's own words for any other failure, else a general one", () => {
    const failed: DeviceFailure = { kind: 'failed', message: 'setClipboardData:fail internal error' }
    expect(failureNotice(failed, zh.pledge.link.copyFailed)?.message).toBe('复制没有成功，请长按下方的链接手动复制')
    expect(failureNotice(failed)?.message).toBe('操作没有成功，请重试。')
  })
})

describe('showDeviceFailure', () => {
  beforeEach(() => {
    taro.showModal.mockReset().mockResolvedValue({ confirm: true, cancel: false })
    taro.openSetting.mockReset().mockResolvedValue({ authSetting: {} })
  })

  it('shows nothing for a cancel', async () => {
    await showDeviceFailure({ kind: 'cancelled' })
    expect(taro.showModal).not.toHaveBeenCalled()
  })

  it('offers 去设置 for a refused permission and opens the settings page on confirm', async () => {
    await showDeviceFailure(denied)
    expect(taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ confirmText: '去设置', showCancel: true, content: '请点“去设置”，允许使用相册，然后重试。' }))
    expect(taro.openSetting).toHaveBeenCalledTimes(1)
  })

  it('does not open the settings page when the user declines', async () => {
    taro.showModal.mockResolvedValue({ confirm: false, cancel: true })
    await showDeviceFailure(denied)
    expect(taro.openSetting).not.toHaveBeenCalled()
  })

  it.each<[string, DeviceFailure]>([
    ['a privacy refusal', { kind: 'privacy' }],
    ['an undeclared API', { kind: 'not-declared' }],
    ['the phone refusing WeChat', deniedBySystem],
    ['any other failure', { kind: 'failed', message: 'x' }],
  ])('never opens the settings page for %s', async (_case, failure) => {
    await showDeviceFailure(failure, '复制没有成功')
    expect(taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ confirmText: '确定', showCancel: false }))
    expect(taro.openSetting).not.toHaveBeenCalled()
  })
})
