// Reading a QR code with the camera: H5 has no scanner (the 绑定码 is typed there). Same interface as the weapp file.
import type { DeviceResult } from './device-failure'

export const scanAvailable = false

export async function scanText(): Promise<DeviceResult<string>> {
  return { ok: false, kind: 'failed', message: 'no scanner on h5' }
}
