// Picking a spreadsheet to import (H5): the browser's file dialog. WeChat's variant, table-file.weapp.ts, picks
// from a chat (wx.chooseMessageFile). Both resolve null when the user closes the picker without a file.

export interface PickedTable {
  name: string
  size: number
  /** The file's bytes, read when the upload starts. */
  bytes(): Promise<ArrayBuffer>
}

export const TABLE_EXTENSIONS = ['xlsx', 'csv'] as const

export function chooseTableFile(): Promise<PickedTable | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = TABLE_EXTENSIONS.map((e) => `.${e}`).join(',')
    input.style.display = 'none'
    const done = (file: File | null) => {
      input.remove()
      resolve(file && { name: file.name, size: file.size, bytes: () => file.arrayBuffer() })
    }
    input.addEventListener('change', () => done(input.files?.[0] ?? null))
    // Browsers that know it say so; others simply never answer, and the page stays as it was.
    input.addEventListener('cancel', () => done(null))
    document.body.appendChild(input)
    input.click()
  })
}
