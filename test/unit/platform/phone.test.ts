import { callPhone } from '../../../src/platform/phone'
import { wechatErrors } from './wechat-errors'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { makePhoneCall: jest.fn() } }))
const taro = (jest.requireMock('@tarojs/taro') as { default: { makePhoneCall: jest.Mock } }).default

const e = wechatErrors('makePhoneCall')

describe('callPhone', () => {
  beforeEach(() => taro.makePhoneCall.mockReset())

  it('dials the number', async () => {
    taro.makePhoneCall.mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    await expect(callPhone('13800000000')).resolves.toEqual({ ok: true, value: undefined })
    expect(taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800000000' })
  })

  it.each([
    ['closing the call sheet', e.cancelled, { kind: 'cancelled' }],
    ['anything else', e.other, { kind: 'failed', message: e.other.errMsg }],
  ])('reports %s', async (_case, err, failure) => {
    taro.makePhoneCall.mockRejectedValue(err)
    await expect(callPhone('13800000000')).resolves.toEqual({ ok: false, ...failure })
  })
})
