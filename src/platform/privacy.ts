// H5 has no WeChat privacy consent: the browser asks for each permission itself. Same interface as privacy.weapp.ts.
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

export interface PrivacyRequest {
  referrer: string
  agree(): void
  disagree(): void
}

export function watchPrivacyRequests(listener: (request: PrivacyRequest | null) => void): () => void {
  listener(null)
  return () => undefined
}

export function registerPrivacyHost(): { isTop(): boolean; release(): void } {
  return { isTop: () => false, release: () => undefined }
}

export function installPrivacyConsent(): void {}

export function openPrivacyGuide(): void {}
