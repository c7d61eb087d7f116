import { attempt, classifyFailure } from '../../../src/platform/device-failure'
import { wechatErrors } from './wechat-errors'

describe('classifyFailure', () => {
  const e = wechatErrors('saveImageToPhotosAlbum')

  it('reads a cancel, on weapp and from Taro H5 pickers and the browser', () => {
    expect(classifyFailure(e.cancelled)).toEqual({ kind: 'cancelled' })
    expect(classifyFailure({ errMsg: 'cancel' })).toEqual({ kind: 'cancelled' })
    expect(classifyFailure({ errMsg: 'saveImageToPhotosAlbum:fail authorize no response' })).toEqual({ kind: 'cancelled' })
    expect(classifyFailure(Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' }))).toEqual({ kind: 'cancelled' })
  })

  it('reads a refused permission, naming it, and tells the phone refusing WeChat apart', () => {
    expect(classifyFailure(e.denied, 'album')).toEqual({ kind: 'denied', permission: 'album', bySystem: false })
    expect(classifyFailure(e.deniedAndroid, 'camera')).toEqual({ kind: 'denied', permission: 'camera', bySystem: false })
    expect(classifyFailure(e.deniedBySystem, 'album')).toEqual({ kind: 'denied', permission: 'album', bySystem: true })
  })

  it('reads the privacy agreement by errno or by message, before any "permission" in the text', () => {
    expect(classifyFailure(e.privacy)).toEqual({ kind: 'privacy' })
    expect(classifyFailure({ errMsg: 'saveImageToPhotosAlbum:fail', errno: 104 })).toEqual({ kind: 'privacy' })
    // Seen in the wild with the typo.
    expect(classifyFailure({ errMsg: 'chooseMedia:fail privacy permission is not authroized' })).toEqual({ kind: 'privacy' })
  })

  it('reads an API missing from the privacy guide (errno 112), not as a privacy refusal', () => {
    expect(classifyFailure(e.notDeclared)).toEqual({ kind: 'not-declared' })
    expect(classifyFailure({ errMsg: 'x:fail', errno: 112 })).toEqual({ kind: 'not-declared' })
  })

  it('keeps the message of anything else', () => {
    expect(classifyFailure(e.other)).toEqual({ kind: 'failed', message: 'saveImageToPhotosAlbum:fail internal error' })
    expect(classifyFailure(new Error('boom'))).toEqual({ kind: 'failed', message: 'boom' })
    expect(classifyFailure(undefined)).toEqual({ kind: 'failed', message: '' })
  })
})

describe('attempt', () => {
  it('wraps a value or a typed failure', async () => {
    await expect(attempt(async () => 7)).resolves.toEqual({ ok: true, value: 7 })
    await expect(attempt(() => Promise.reject(wechatErrors('chooseMedia').denied), 'camera')).resolves.toEqual({
      ok: false,
      kind: 'denied',
      permission: 'camera',
      bySystem: false,
    })
  })
})
