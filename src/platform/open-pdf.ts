// Opens a PDF the server serves behind the bearer token (H5): fetch it, then hand the browser a blob to download.
/** Resolves false when the server did not send the file. */
export async function openPdf(path: string, token: string, fileName: string): Promise<boolean> {
  const res = await fetch(`${API_BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } })
  if (!res.ok) return false
  const href = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Long enough for the browser to start the download.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return true
}
