// downloadFile on weapp: a file the viewer cannot open (the screenshot .zip) is downloaded and offered, never sent
// to a chat by the download itself: WeChat allows shareFileMessage only from a tap (see wechat-launch.test.ts for
// the 发送到聊天 tap and its failures).
import { downloadFile } from '../../../src/platform/download-file.weapp'
import { MIME } from '../../../src/core/api/mime'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: { downloadFile: jest.fn(), openDocument: jest.fn(), shareFileMessage: jest.fn(), canIUse: jest.fn(() => true) },
}))
jest.mock('../../../src/platform/file-share', () => ({ offerFile: jest.fn() }))
const taro = (jest.requireMock('@tarojs/taro') as { default: { downloadFile: jest.Mock; openDocument: jest.Mock; shareFileMessage: jest.Mock } })
  .default
const share = jest.requireMock('../../../src/platform/file-share') as { offerFile: jest.Mock }

beforeAll(() => {
  ;(globalThis as Record<string, unknown>).API_BASE = 'https://api.example'
})
afterAll(() => {
  delete (globalThis as Record<string, unknown>).API_BASE
})
beforeEach(() => {
  taro.downloadFile.mockReset().mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/shots.zip' })
  share.offerFile.mockReset()
})

it('downloads with the bearer token and offers the .zip for the 发送到聊天 tap', async () => {
  await expect(downloadFile('/x.zip', '截图.zip', MIME.zip, 't')).resolves.toBe(true)
  expect(taro.downloadFile).toHaveBeenCalledWith({ url: 'https://api.example/x.zip', header: { Authorization: 'Bearer t' } })
  expect(share.offerFile).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/shots.zip', fileName: '截图.zip' })
  expect(taro.shareFileMessage).not.toHaveBeenCalled()
})

it('opens a PDF in the document viewer', async () => {
  await downloadFile('/x.pdf', '承诺书.pdf', MIME.pdf, 't')
  expect(taro.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf', showMenu: true }))
  expect(share.offerFile).not.toHaveBeenCalled()
})
