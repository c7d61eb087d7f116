import { copyText as copyWeapp } from '../../../src/platform/clipboard.weapp'
import { copyText as copyH5 } from '../../../src/platform/clipboard'
import { wechatErrors } from './wechat-errors'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { setClipboardData: jest.fn() } }))
const taro = (jest.requireMock('@tarojs/taro') as { default: { setClipboardData: jest.Mock } }).default

const e = wechatErrors('setClipboardData')

describe('copyText on weapp (setClipboardData)', () => {
  beforeEach(() => taro.setClipboardData.mockReset())

  it('copies', async () => {
    taro.setClipboardData.mockResolvedValue({ errMsg: 'setClipboardData:ok' })
    await expect(copyWeapp('https://x/sign#t')).resolves.toEqual({ ok: true, value: undefined })
    expect(taro.setClipboardData).toHaveBeenCalledWith({ data: 'https://x/sign#t' })
  })

  it.each([
    ['a refused privacy agreement', e.privacy, { kind: 'privacy' }],
    ['the clipboard missing from the privacy guide', e.notDeclared, { kind: 'not-declared' }],
    ['anything else', e.other, { kind: 'failed', message: e.other.errMsg }],
  ])('reports %s', async (_case, err, failure) => {
    taro.setClipboardData.mockRejectedValue(err)
    await expect(copyWeapp('x')).resolves.toEqual({ ok: false, ...failure })
  })
})

describe('copyText on H5', () => {
  const g = globalThis as Record<string, unknown>
  let copied: boolean

  beforeEach(() => {
    copied = false
    const area = { value: '', readOnly: false, setAttribute: () => undefined, select: () => undefined, remove: () => undefined }
    g.document = {
      createElement: () => area,
      body: { appendChild: () => undefined },
      execCommand: () => copied,
    }
  })
  afterEach(() => {
    delete g.document
    delete g.navigator
  })

  it('uses the Clipboard API when the browser allows it', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined)
    g.navigator = { clipboard: { writeText } }
    await expect(copyH5('link')).resolves.toEqual({ ok: true, value: undefined })
    expect(writeText).toHaveBeenCalledWith('link')
  })

  it('falls back to the selection copy, and says so when the browser refuses that too', async () => {
    g.navigator = { clipboard: { writeText: () => Promise.reject(new Error('NotAllowedError')) } }
    await expect(copyH5('link')).resolves.toEqual({ ok: false, kind: 'failed', message: 'the browser refused to copy' })
    copied = true
    await expect(copyH5('link')).resolves.toEqual({ ok: true, value: undefined })
  })
})
