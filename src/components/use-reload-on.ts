// Loads again when a parent says its figures changed: the dashboard's cards reload with it (`reloadKey` is the
// time of its newest answer). The first value is the one the card already loaded for.
import { useEffect, useRef } from 'react'

export function useReloadOn(reloadKey: unknown, reload: () => void): void {
  const seen = useRef(reloadKey)
  useEffect(() => {
    if (Object.is(seen.current, reloadKey)) return
    seen.current = reloadKey
    reload()
  }, [reloadKey, reload])
}
