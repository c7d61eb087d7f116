// The src for showing one media file: this phone's copy, else a download from the server (once per app run).
import { useEffect, useState } from 'react'
import { pathOf } from '@core/api/endpoint'
import { mediaGet } from '@core/api/endpoints/sync'
import { mediaUrl } from '../platform/media-files'
import { downloadMedia } from '../platform/media-download'
import { useAuthStore } from '../stores/auth'

/** Downloads only: this phone's own files are asked for afresh, since a file may be removed after its upload. */
const downloaded = new Map<string, string>()

async function resolveSrc(sha: string, token: string | null): Promise<string | null> {
  const local = await mediaUrl(sha).catch(() => null)
  if (local) return local
  const hit = downloaded.get(sha)
  if (hit || !token) return hit ?? null
  const src = await downloadMedia(pathOf(mediaGet, { params: { sha } }), token).catch(() => null)
  if (src) downloaded.set(sha, src)
  return src
}

/** null while loading, or when neither the phone nor (right now) the server can supply the file. */
export function useMediaSrc(sha: string): string | null {
  const token = useAuthStore((s) => s.token)
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let alive = true
    void resolveSrc(sha, token).then((s) => alive && setSrc(s))
    return () => {
      alive = false
    }
  }, [sha, token])
  return src
}
