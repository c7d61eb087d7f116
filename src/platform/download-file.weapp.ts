// Downloads a file the server serves behind the bearer token (WeChat): to a temp file, then a PDF or workbook opens
// in the document viewer (its menu forwards or saves it) and anything else (the screenshot .zip) is offered to send
// to a chat: WeChat allows shareFileMessage only from a tap, so <FileShareSheet> shows the 发送到聊天 button.
import Taro from '@tarojs/taro'
import { offerFile } from './file-share'
import { MIME } from '@core/api/mime'

const VIEWABLE: Record<string, 'pdf' | 'xlsx' | 'docx'> = {
  [MIME.pdf]: 'pdf',
  [MIME.xlsx]: 'xlsx',
  [MIME.docx]: 'docx',
}

/** Told the status and the (JSON) body of an answer that is not the file, before the download resolves false. */
export type Refused = (status: number, body: unknown) => void

/** Resolves false when the server did not send the file. */
export async function downloadFile(path: string, fileName: string, mime: string, token: string, refused?: Refused): Promise<boolean> {
  const res = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: { Authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) {
    refused?.(res.statusCode, readJson(res.tempFilePath))
    return false
  }
  const fileType = VIEWABLE[mime]
  if (fileType) await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true })
  else offerFile({ filePath: res.tempFilePath, fileName })
  return true
}


/** The same for a file the server makes from a posted JSON body (the edited 月报): saved, then opened to forward. */
export async function downloadPostedFile(path: string, body: unknown, fileName: string, mime: string, token: string): Promise<boolean> {
  const res = await Taro.request<ArrayBuffer>({
    url: `${API_BASE}${path}`,
    method: 'POST',
    data: body as Record<string, unknown>,
    header: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    responseType: 'arraybuffer',
  })
  if (res.statusCode !== 200) return false
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
  await new Promise<void>((resolve, reject) =>
    Taro.getFileSystemManager().writeFile({ filePath, data: res.data, success: () => resolve(), fail: reject }),
  )
  const fileType = VIEWABLE[mime]
  if (fileType) await Taro.openDocument({ filePath, fileType, showMenu: true })
  else offerFile({ filePath, fileName })
  return true
}

/** The error answer WeChat saved as the "file": a small JSON body; null when it is not one. */
function readJson(filePath: string): unknown {
  try {
    return JSON.parse(String(Taro.getFileSystemManager().readFileSync(filePath, 'utf8')))
  } catch {
    return null
  }
}
