// A long list's first render holds a screen's worth of rows and the rest follow right after it is shown: on a phone
// with a 4× slower CPU the worker's 100 first households took about a second to render, the list blank meanwhile.
import { useEffect, useState } from 'react'

/** More than a 812 px-high screen shows at the smallest type. */
export const FIRST_SCREEN_ROWS = 12

/** How many rows to render now: FIRST_SCREEN_ROWS until a render with rows (`ready`) has been shown, then all. */
export function useFirstScreen(ready: boolean): number {
  const [all, setAll] = useState(false)
  useEffect(() => {
    if (!ready || all) return
    // Effects run once the render is on screen; the rest waits for the next task, not for the next input.
    const t = setTimeout(() => setAll(true), 0)
    return () => clearTimeout(t)
  }, [ready, all])
  return all ? Infinity : FIRST_SCREEN_ROWS
}
