import { chooseImages } from '../../../src/platform/media-picker'
import { wechatErrors } from './wechat-errors'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { chooseMedia: jest.fn() } }))
const taro = (jest.requireMock('@tarojs/taro') as { default: { chooseMedia: jest.Mock } }).default

const e = wechatErrors('chooseMedia')

describe('chooseImages (weapp chooseMedia)', () => {
  beforeEach(() => taro.chooseMedia.mockReset())

  it('gives the temp paths and asks for no more than the room left', async () => {
    taro.chooseMedia.mockResolvedValue({ tempFiles: [{ tempFilePath: 'wxfile://a.jpg' }, { tempFilePath: 'wxfile://b.jpg' }] })
    await expect(chooseImages(2)).resolves.toEqual({ ok: true, value: ['wxfile://a.jpg', 'wxfile://b.jpg'] })
    expect(taro.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 2, mediaType: ['image'] }))
  })

  it.each([
    ['closing the picker', e.cancelled, { kind: 'cancelled' }],
    ['a refused camera', e.denied, { kind: 'denied', permission: 'camera', bySystem: false }],
    ['the phone refusing WeChat the camera', e.deniedBySystem, { kind: 'denied', permission: 'camera', bySystem: true }],
    ['a refused privacy agreement', e.privacy, { kind: 'privacy' }],
    ['chooseMedia missing from the privacy guide', e.notDeclared, { kind: 'not-declared' }],
    ['anything else', e.other, { kind: 'failed', message: e.other.errMsg }],
  ])('reports %s', async (_case, err, failure) => {
    taro.chooseMedia.mockRejectedValue(err)
    await expect(chooseImages(6)).resolves.toEqual({ ok: false, ...failure })
  })
})
