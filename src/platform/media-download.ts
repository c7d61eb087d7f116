// Media this phone does not hold (a record from another phone, a file cleaned up after upload) comes from the
// server, which wants the bearer token that an <Image src> cannot send: download first, then show the local copy.
import Taro from '@tarojs/taro'

/** A local path (weapp temp file, H5 blob: URL) for the file at `path`, or null when the server has no such file for us. */
export async function downloadMedia(path: string, token: string): Promise<string | null> {
  const res = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: { Authorization: `Bearer ${token}` } })
  return res.statusCode === 200 ? res.tempFilePath : null
}
