// H5 saves a downloaded file with the browser's own download, so nothing waits to be sent. Same interface as
// file-share.weapp.ts.
import type { DeviceResult } from './device-failure'

export interface ReadyFile {
  filePath: string
  fileName: string
}

export const canSendToChat = (): boolean => false

export function offerFile(_file: ReadyFile): void {}

export function dismissReadyFile(): void {}

export function watchReadyFile(listener: (file: ReadyFile | null) => void): () => void {
  listener(null)
  return () => undefined
}

export async function sendToChat(_file: ReadyFile): Promise<DeviceResult<void>> {
  return { ok: false, kind: 'failed', message: 'no chat on h5' }
}
