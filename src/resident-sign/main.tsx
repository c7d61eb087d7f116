// A resident's signing link in a browser, outside Taro: sign.html#/pages/sign/index?token=… (stores/pledge-view.ts
// makes the link; index.html sends older links on). The resident waits on one bar of signal for Preact and this page
// (~26 KB) instead of Taro's runtime, router and the app (~120 KB). Same look (the app's stylesheets), the same flow
// (pages/sign/sign-flow.ts), pad and copy; 投诉建议 opens in the app.
import { render } from 'preact'
import { typeScale } from '@core/type-scale'
import { applyRootScale, systemFontFactor } from '../platform/type-scale'
import SignPage from './sign-page'
import '../app.css'
import '../components/signature-pad/index.css'
import '../components/pledge-copy/index.css'
import '../components/privacy-notice/index.css'
import '../components/save-bar/index.css'
import '../pages/sign/index.css'
import './index.css'

/** `token` of an address like #/pages/sign/index?token=…, decoded as Taro's router decodes it. */
function tokenOf(hash: string): string {
  const query = hash.split('?')[1] ?? ''
  for (const kv of query.split('&')) {
    const i = kv.indexOf('=')
    if (i > 0 && kv.slice(0, i) === 'token') return decodeURIComponent(kv.slice(i + 1))
  }
  return ''
}

// The title Taro gives the app's signing page (pages/sign/index.config.ts).
document.title = '签署承诺书'
// The browser's font setting, as the app follows it (no 字号 of the app's own here: this is the resident's phone).
applyRootScale(typeScale('standard', systemFontFactor()), 'standard')

const root = document.getElementById('app')
if (root) {
  render(<SignPage token={tokenOf(location.hash)} />, root)
  document.getElementById('boot')?.remove()
}
