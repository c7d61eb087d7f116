// How a device, file or media call failed, read from WeChat's errMsg/errno (and the browser's errors on H5), so that
// pages can answer each case: nothing for a cancel, the settings page for a refused permission, and never the
// settings page for the privacy agreement (it has no switch there; the user agrees in WeChat's own prompt).

/** Permissions the user can switch back on in the mini-program's settings page (wx.openSetting). */
export type Permission = 'camera' | 'album' | 'location'

export type DeviceFailure =
  /** The user closed the picker, the call sheet or the prompt: show nothing. */
  | { kind: 'cancelled' }
  /** A permission was refused; `bySystem` when the phone refuses WeChat itself (only the phone's settings help). */
  | { kind: 'denied'; permission: Permission; bySystem: boolean }
  /** The user has not agreed to the mini-program's privacy guide (errno 104): agreeing in WeChat's prompt fixes it. */
  | { kind: 'privacy' }
  /** The API is missing from the privacy guide declared for this mini-program (errno 112): no user can fix it. */
  | { kind: 'not-declared' }
  | { kind: 'failed'; message: string }

export type DeviceResult<T> = { ok: true; value: T } | ({ ok: false } & DeviceFailure)

const PRIVACY_NOT_AGREED = 104
const PRIVACY_NOT_DECLARED = 112

/**
 * Examples of what WeChat reports: "chooseMedia:fail cancel"; "saveImageToPhotosAlbum:fail auth deny" (or "auth
 * denied" on Android); "saveImageToPhotosAlbum:fail system permission denied" (the phone refuses WeChat);
 * "chooseMedia:fail privacy permission is not authorized" errno 104; "setClipboardData:fail api scope is not
 * declared in the privacy agreement" errno 112. The privacy checks come first: their messages also read "permission".
 */
export function classifyFailure(err: unknown, permission: Permission = 'album'): DeviceFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { errMsg?: unknown; errno?: unknown; message?: unknown; name?: unknown }
  const message = String(e.errMsg ?? e.message ?? err ?? '')
  const errno = typeof e.errno === 'number' ? e.errno : null
  if (errno === PRIVACY_NOT_DECLARED || /not declared in the privacy/i.test(message)) return { kind: 'not-declared' }
  if (errno === PRIVACY_NOT_AGREED || /privacy/i.test(message)) return { kind: 'privacy' }
  if (/system permission denied|system auth den/i.test(message)) return { kind: 'denied', permission, bySystem: true }
  if (/auth den(y|ied)|permission denied/i.test(message)) return { kind: 'denied', permission, bySystem: false }
  // "fail cancel" on weapp, a bare "cancel"/"abort" from Taro's H5 pickers, AbortError from the browser's.
  if (/(^|fail[: ]*)(cancel|abort)|authorize no response/i.test(message) || e.name === 'AbortError') return { kind: 'cancelled' }
  return { kind: 'failed', message }
}

/** A failure thrown where an interface returns a value (the table picker); pages show it with showDeviceFailure. */
export class DeviceFailureError extends Error {
  constructor(readonly failure: Exclude<DeviceFailure, { kind: 'cancelled' }>) {
    super(failure.kind === 'failed' ? failure.message : failure.kind)
  }
}

/** Runs a device call and turns its rejection into a typed failure. */
export async function attempt<T>(run: () => Promise<T>, permission?: Permission): Promise<DeviceResult<T>> {
  try {
    return { ok: true, value: await run() }
  } catch (err) {
    return { ok: false, ...classifyFailure(err, permission) }
  }
}
