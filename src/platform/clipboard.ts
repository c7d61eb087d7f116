// Copying text on H5. Taro's H5 setClipboardData reports success even when the browser refused to copy, so this
// asks the Clipboard API first and falls back to execCommand, whose answer it checks. Same interface as the weapp file.
import type { DeviceResult } from './device-failure'

export async function copyText(text: string): Promise<DeviceResult<void>> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return { ok: true, value: undefined }
    } catch {
      // Not a secure context, or the page lost focus: the older way may still work.
    }
  }
  return copyWithSelection(text) ? { ok: true, value: undefined } : { ok: false, kind: 'failed', message: 'the browser refused to copy' }
}

function copyWithSelection(text: string): boolean {
  if (typeof document === 'undefined') return false
  const area = document.createElement('textarea')
  area.value = text
  area.readOnly = true
  area.setAttribute('style', 'position:fixed;left:-10000px;top:0')
  document.body.appendChild(area)
  area.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
