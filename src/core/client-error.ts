// What the app reports of its own crashes (wx.onError, unhandled rejections, window errors on H5): the error's text
// and stack only, scrubbed of anything that could be someone's data before it leaves the phone and again on the
// server. Digit runs of 5 or more (phone numbers, ID numbers, door numbers with a long code) become '#', a link's
// query and fragment (a signing link's token) are cut, e-mail addresses dropped, and everything is truncated.
export const CLIENT_ERROR_LIMITS = { message: 500, stack: 2000, page: 200 } as const

export const CLIENT_ERROR_PLATFORMS = ['weapp', 'h5'] as const
export const CLIENT_ERROR_KINDS = ['error', 'rejection'] as const

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g

export function scrubErrorText(s: string, max: number): string {
  const out = s
    .replace(CONTROLS, '')
    // A URL keeps its origin and path; what follows ? or # (tokens, ids, names in a query) goes.
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#'")]*)[?#][^\s'")]*/gi, '$1?…')
    .replace(/[^\s@'"<>()]+@[^\s@'"<>()]+\.[a-z]{2,}/gi, '[email]')
    // 138 1234 5678, 138-1234-5678, 110101199001011234, 1234567: any run of 5+ digits, spaces or dashes between.
    .replace(/\d(?:[\s-]?\d){4,}[xX]?/g, '#')
  return out.length > max ? out.slice(0, max - 1) + '…' : out
}

/** The route of a page without its query (a household id, an area, a name may be in it). */
export function scrubPage(page: string): string {
  return scrubErrorText(page.split(/[?#]/)[0] ?? '', CLIENT_ERROR_LIMITS.page)
}
