// WeChat's font setting is read through wx.getAppBaseInfo, which older base libraries (before 2.20.1) lack: guarded.
import { systemFontFactor } from '../../../src/platform/type-scale.weapp'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))
const taro = (jest.requireMock('@tarojs/taro') as { default: { getAppBaseInfo?: () => unknown } }).default

afterEach(() => {
  delete taro.getAppBaseInfo
})

it("is WeChat's fontSizeScaleFactor", () => {
  taro.getAppBaseInfo = () => ({ fontSizeScaleFactor: 23.8 / 17, fontSizeSetting: 23.8 })
  expect(systemFontFactor()).toBeCloseTo(1.4, 5)
})

it('is null on a base library without getAppBaseInfo, when it throws, or when it gives no usable factor', () => {
  expect(systemFontFactor()).toBeNull()
  taro.getAppBaseInfo = () => {
    throw new Error('getAppBaseInfo:fail')
  }
  expect(systemFontFactor()).toBeNull()
  for (const info of [{}, { fontSizeScaleFactor: 0 }, { fontSizeScaleFactor: 'big' }, { fontSizeScaleFactor: Number.NaN }]) {
    taro.getAppBaseInfo = () => info
    expect(systemFontFactor()).toBeNull()
  }
})
