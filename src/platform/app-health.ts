// H5: the browser updates the app on reload (hashed file names), so there is no update to watch; uncaught errors
// and unhandled rejections come from window. Same interface as app-health.weapp.ts.
export type AppErrorKind = 'error' | 'rejection'
export type AppErrorReporter = (report: { kind: AppErrorKind; message: string; stack?: string; page: string }) => void

export function watchForUpdates(): void {}

/** The hash route without its query. */
function currentPage(): string {
  return typeof location === 'undefined' ? '' : location.hash.replace(/^#/, '')
}

export function watchAppErrors(report: AppErrorReporter): void {
  if (typeof window === 'undefined') return
  window.addEventListener('error', (event) => {
    const err = event.error as { stack?: unknown } | null
    report({ kind: 'error', message: event.message || 'error', stack: err && typeof err.stack === 'string' ? err.stack : undefined, page: currentPage() })
  })
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason as { message?: unknown; stack?: unknown } | null
    const message = reason && typeof reason.message === 'string' ? reason.message : String(event.reason)
    report({ kind: 'rejection', message, stack: reason && typeof reason.stack === 'string' ? reason.stack : undefined, page: currentPage() })
  })
}
