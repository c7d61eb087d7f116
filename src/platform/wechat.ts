// WeChat sign-in code (weapp only; h5 offers 登录码 alone).
import Taro from '@tarojs/taro'

export const wechatLoginAvailable = process.env.TARO_ENV === 'weapp'

/** A one-time code from wx.login, valid five minutes; fetch a fresh one for every login call. */
export async function wechatLoginCode(): Promise<string> {
  const res = await Taro.login()
  if (!res.code) throw new Error(res.errMsg || 'no code')
  return res.code
}
