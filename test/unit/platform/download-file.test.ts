import { downloadFile } from '../../../src/platform/download-file.weapp'
import { MIME } from '../../../src/core/api/mime'
import { wechatErrors } from './wechat-errors'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: { downloadFile: jest.fn(), openDocument: jest.fn(), shareFileMessage: jest.fn() },
}))
const taro = (jest.requireMock('@tarojs/taro') as { default: { downloadFile: jest.Mock; openDocument: jest.Mock; shareFileMessage: jest.Mock } })
  .default

const e = wechatErrors('shareFileMessage')

beforeAll(() => {
  ;(globalThis as Record<string, unknown>).API_BASE = 'https://api.example'
})
afterAll(() => {
  delete (globalThis as Record<string, unknown>).API_BASE
})
beforeEach(() => {
  taro.downloadFile.mockReset().mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/shots.zip' })
  taro.shareFileMessage.mockReset()
})

describe('downloadFile on weapp: the screenshot .zip is sent to a chat', () => {
  it('counts closing the chat picker as done, not as a failed download', async () => {
    taro.shareFileMessage.mockRejectedValue(e.cancelled)
    await expect(downloadFile('/x.zip', '截图.zip', MIME.zip, 't')).resolves.toBe(true)
  })

  it('still fails on any other error', async () => {
    taro.shareFileMessage.mockRejectedValue(e.other)
    await expect(downloadFile('/x.zip', '截图.zip', MIME.zip, 't')).rejects.toEqual(e.other)
  })
})
