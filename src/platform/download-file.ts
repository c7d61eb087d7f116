// Downloads a file the server serves behind the bearer token (H5): fetch it, then hand the browser a blob to save
// under `fileName`. Used for 承诺书 PDFs, 花名册 / 排名通报 .xlsx and the screenshot .zip.
/** Resolves false when the server did not send the file. */
/** Told the status and the (JSON) body of an answer that is not the file, before the download resolves false. */
export type Refused = (status: number, body: unknown) => void

export async function downloadFile(path: string, fileName: string, mime: string, token: string, refused?: Refused): Promise<boolean> {
  const res = await fetch(`${API_BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } })
  if (!res.ok) {
    refused?.(res.status, await res.json().catch(() => null))
    return false
  }
  const blob = await res.blob()
  saveBlob(blob.type ? blob : new Blob([blob], { type: mime }), fileName)
  return true
}


/** The same for a file the server makes from a posted JSON body (the edited 月报). */
export async function downloadPostedFile(path: string, body: unknown, fileName: string, mime: string, token: string): Promise<boolean> {
  const res = await fetch(`${API_BASE}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) return false
  const blob = await res.blob()
  saveBlob(blob.type ? blob : new Blob([blob], { type: mime }), fileName)
  return true
}

function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Long enough for the browser to start the download.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}
