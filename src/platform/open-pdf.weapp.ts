// Opens a PDF the server serves behind the bearer token (WeChat): download to a temp file, show it in the viewer.
import Taro from '@tarojs/taro'

/** Resolves false when the server did not send the file. */
export async function openPdf(path: string, token: string, _fileName: string): Promise<boolean> {
  const res = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: { Authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) return false
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
  return true
}
