import { canvasToPng, saveCanvasImage } from '../../../src/platform/canvas-image.weapp'
import { wechatErrors } from './wechat-errors'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: { canvasToTempFilePath: jest.fn(), saveImageToPhotosAlbum: jest.fn(), getFileSystemManager: jest.fn() },
}))
const taro = (
  jest.requireMock('@tarojs/taro') as {
    default: { canvasToTempFilePath: jest.Mock; saveImageToPhotosAlbum: jest.Mock; getFileSystemManager: jest.Mock }
  }
).default

type ReadFileOptions = { filePath: string; success(res: { data: ArrayBuffer }): void; fail(err: unknown): void }

const canvas = {}
const size = { width: 750, height: 1100 }
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer
const e = wechatErrors('saveImageToPhotosAlbum')

beforeEach(() => {
  taro.canvasToTempFilePath.mockReset().mockResolvedValue({ tempFilePath: 'wxfile://tmp/copy.png' })
  taro.saveImageToPhotosAlbum.mockReset().mockResolvedValue({ errMsg: 'saveImageToPhotosAlbum:ok' })
  taro.getFileSystemManager.mockReset().mockReturnValue({ readFile: (o: ReadFileOptions) => o.success({ data: png }) })
})

describe('saveCanvasImage on weapp (canvasToTempFilePath, saveImageToPhotosAlbum)', () => {
  it('saves the PNG at the layout size and gives its temp path', async () => {
    await expect(saveCanvasImage(canvas, size, 'copy.png')).resolves.toEqual({ ok: true, value: 'wxfile://tmp/copy.png' })
    expect(taro.canvasToTempFilePath).toHaveBeenCalledWith(expect.objectContaining({ canvas, fileType: 'png', destWidth: 750, destHeight: 1100 }))
    expect(taro.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/copy.png' })
  })

  it.each([
    ['a cancelled save', e.cancelled, { kind: 'cancelled' }],
    ['a refused album', e.denied, { kind: 'denied', permission: 'album', bySystem: false }],
    ['a refused album (Android wording)', e.deniedAndroid, { kind: 'denied', permission: 'album', bySystem: false }],
    ['the phone refusing WeChat the album', e.deniedBySystem, { kind: 'denied', permission: 'album', bySystem: true }],
    ['a refused privacy agreement (not a refused album)', e.privacy, { kind: 'privacy' }],
    ['the album missing from the privacy guide', e.notDeclared, { kind: 'not-declared' }],
    ['anything else', e.other, { kind: 'failed', message: e.other.errMsg }],
  ])('reports %s', async (_case, err, failure) => {
    taro.saveImageToPhotosAlbum.mockRejectedValue(err)
    await expect(saveCanvasImage(canvas, size, 'copy.png')).resolves.toEqual({ ok: false, ...failure })
  })

  it('reports a canvas that cannot be exported as failed, without trying the album', async () => {
    taro.canvasToTempFilePath.mockRejectedValue({ errMsg: 'canvasToTempFilePath:fail canvas is empty' })
    await expect(saveCanvasImage(canvas, size, 'copy.png')).resolves.toEqual({
      ok: false,
      kind: 'failed',
      message: 'canvasToTempFilePath:fail canvas is empty',
    })
    expect(taro.saveImageToPhotosAlbum).not.toHaveBeenCalled()
  })
})

describe('canvasToPng on weapp (canvasToTempFilePath, FileSystemManager.readFile)', () => {
  it('gives the bytes and the temp path', async () => {
    await expect(canvasToPng(canvas, size)).resolves.toEqual({ ok: true, value: { src: 'wxfile://tmp/copy.png', bytes: png } })
  })

  it('reports a failed read as failed', async () => {
    taro.getFileSystemManager.mockReturnValue({ readFile: (o: ReadFileOptions) => o.fail({ errMsg: 'readFile:fail no such file or directory' }) })
    await expect(canvasToPng(canvas, size)).resolves.toEqual({ ok: false, kind: 'failed', message: 'readFile:fail no such file or directory' })
  })
})
