// A downloaded file waiting to be sent to a WeChat chat. WeChat lets wx.shareFileMessage run only from a tap, so a
// download never calls it itself: it offers the file here, and <FileShareSheet> shows a 发送到聊天 button whose tap
// calls sendToChat at once.
import Taro from '@tarojs/taro'
import { attempt, type DeviceResult } from './device-failure'
import { canUse } from './can-i-use'

export interface ReadyFile {
  filePath: string
  fileName: string
}

/** Where a file can be sent from the mini-program (base library 2.16+); elsewhere the PC link is the way. */
export const canSendToChat = (): boolean => canUse('shareFileMessage')

type Listener = (file: ReadyFile | null) => void
let ready: ReadyFile | null = null
const listeners = new Set<Listener>()

function publish(file: ReadyFile | null): void {
  ready = file
  for (const l of listeners) l(file)
}

export function offerFile(file: ReadyFile): void {
  publish(file)
}

export function dismissReadyFile(): void {
  publish(null)
}

export function watchReadyFile(listener: Listener): () => void {
  listeners.add(listener)
  listener(ready)
  return () => listeners.delete(listener)
}

/** Call straight from the button's tap handler: WeChat refuses shareFileMessage outside one. */
export function sendToChat(file: ReadyFile): Promise<DeviceResult<void>> {
  return attempt(async () => {
    await Taro.shareFileMessage({ filePath: file.filePath, fileName: file.fileName })
  })
}
