// The resident's signing page as plain elements (Preact, no Taro): what pages/sign/index.tsx shows, with the same ids
// and classes, so the browser tests and the 适老化 measurements read both alike.
import { useRef, type ReactNode } from 'react'
import { formatChinaTime } from '@core/china-time'
import { PRIVACY_NOTICE_TITLE, privacyNotice } from '@core/privacy-notice'
import { useSignFlow } from '../pages/sign/sign-flow'
import { url } from '../pages/routes'
import { scrollToFirstError } from '../platform/scroll'
import { zh } from '../locales/zh-CN'
import { CopyCard } from './copy-card'
import { Button, Pad, type PadHandle } from './parts'

const t = zh.pledge.public

const effects = { scrollToFirstError: () => scrollToFirstError(), scrollToTop: () => window.scrollTo(0, 0) }

/** 投诉建议, a page of the app: the signing link is the resident's credential there too. */
function FeedbackLink({ token }: { token: string }) {
  return (
    <a id='sign-feedback' className='fz-link fz-sign-page__feedback' href={`/#${url.feedback(token)}`}>
      {zh.feedbackEntry} ›
    </a>
  )
}

function Notice({ retentionDays }: { retentionDays: number }) {
  return (
    <div className='fz-card fz-privacy' id='privacy-notice'>
      <div className='fz-privacy__title'>{PRIVACY_NOTICE_TITLE}</div>
      {privacyNotice(retentionDays).map((item) => (
        <div key={item.key} className='fz-privacy__item' id={`privacy-${item.key}`}>
          <div className='fz-privacy__label'>{item.label}</div>
          <div className='fz-privacy__text'>{item.text}</div>
        </div>
      ))}
    </div>
  )
}

export default function SignPage({ token }: { token: string }) {
  const { view, retry, failed, done, name, setName, errors, submitting, submit } = useSignFlow(token, effects)
  const pad = useRef<PadHandle>(null)
  const page = (children: ReactNode) => <div className='fz-page fz-elder fz-resident'>{children}</div>

  if (failed) {
    return page(
      <>
        <div className='fz-sign-page__error' id='sign-error'>
          {failed.message}
        </div>
        {failed.retry && (
          <Button id='sign-retry' className='fz-btn--block' onClick={retry}>
            {t.retry}
          </Button>
        )}
        {token && <FeedbackLink token={token} />}
      </>,
    )
  }

  if (done) {
    const r = done.result
    const copy = { title: r.title, content: r.content, doorplate: r.doorplate, signerName: r.signerName, signedAt: Date.parse(r.signedAt), verificationCode: r.verificationCode }
    return page(
      <>
        <div className='fz-pledge__done' id='sign-done'>
          <div className='fz-pledge__done-title'>✓ {zh.pledge.sign.saved}</div>
          <div>{t.done}</div>
        </div>
        <CopyCard copy={copy} signatureSrc={done.signatureSrc} />
        {view && <Notice retentionDays={view.retentionDays} />}
        <FeedbackLink token={token} />
      </>,
    )
  }

  if (!view) return <div className='fz-page fz-elder fz-resident fz-empty'>{t.loading}</div>
  return page(
    <>
      <div className='fz-card'>
        <div className='fz-muted'>{t.doorplate}</div>
        <div className='fz-title' id='sign-doorplate'>
          {view.doorplate}
        </div>
      </div>
      <div className='fz-sign-page__intro'>{t.intro}</div>
      <div className='fz-card fz-pledge'>
        <div className='fz-pledge__title'>{view.title}</div>
        <div className='fz-pledge__text' id='pledge-text'>
          {view.content}
        </div>
      </div>
      <Notice retentionDays={view.retentionDays} />

      <label className='fz-label' htmlFor='sign-name'>
        {t.name}
      </label>
      <input
        id='sign-name'
        className='fz-input'
        type='text'
        maxLength={20}
        value={name}
        placeholder={t.namePlaceholder}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      {errors.name && <div className='fz-error'>{errors.name}</div>}

      <div className='fz-label'>{t.signature}</div>
      <Pad ref={pad} disabled={submitting} />

      {/* The one primary action, kept at the bottom of the screen while the resident reads and signs. */}
      <div className='fz-save-bar'>
        {errors.submit && (
          <div className='fz-error' id='sign-submit-error'>
            {errors.submit}
          </div>
        )}
        <Button id='sign-submit' className='fz-btn--primary fz-btn--block' disabled={submitting} onClick={() => void submit(async () => (await pad.current?.take()) ?? null)}>
          {submitting ? t.submitting : t.submit}
        </Button>
      </div>
      <div className='fz-muted fz-sign-page__expires'>{t.expires(formatChinaTime(Date.parse(view.expiresAt)))}</div>
      <FeedbackLink token={token} />
    </>,
  )
}
