// The system's font setting and where the type scale lives, h5: the browser's default font size (what a user sets
// in the browser's settings; 16 px unless changed), and the CSS variable on <html>, which every page inherits.

/** The browser's default font size over 16 px ("medium" resolves to it whatever the page sets on <html>). */
export function systemFontFactor(): number | null {
  if (typeof document === 'undefined') return null
  const probe = document.createElement('div')
  probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium'
  // On <html> itself: the app's script may run before <body> exists.
  document.documentElement.appendChild(probe)
  const px = parseFloat(getComputedStyle(probe).fontSize)
  probe.remove()
  return Number.isFinite(px) && px > 0 ? px / 16 : null
}

/** Sets --fz-scale (and a class naming the level, for tests and rare per-level tweaks) on the document root. */
export function applyRootScale(scale: number, level: string): void {
  if (typeof document === 'undefined') return
  const root = document.documentElement
  root.style.setProperty('--fz-scale', String(scale))
  for (const c of Array.from(root.classList)) if (c.startsWith('fz-type--')) root.classList.remove(c)
  root.classList.add(`fz-type--${level}`)
}

/** h5 has one document for every page, so the root carries the scale; pages need nothing of their own. */
export const PAGE_SCALE_NEEDED = false
