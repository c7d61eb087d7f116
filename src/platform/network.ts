// Platform events that should start a sync: the network coming back and the app returning to the foreground.
import Taro from '@tarojs/taro'

/** Calls `cb` whenever the phone (or browser) reports a working connection again; returns an unsubscribe. */
export function onNetworkRegained(cb: () => void): () => void {
  let online = true
  const onChange = (res: { isConnected: boolean }) => {
    if (res.isConnected && !online) cb()
    online = res.isConnected
  }
  Taro.onNetworkStatusChange(onChange)
  let offWindow = () => {}
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    // Taro's h5 version only listens to navigator.connection, which most browsers lack.
    window.addEventListener('online', cb)
    offWindow = () => window.removeEventListener('online', cb)
  }
  return () => {
    Taro.offNetworkStatusChange(onChange)
    offWindow()
  }
}

/** Calls `cb` when the app comes back to the foreground (weapp onAppShow; h5 page visibility). */
export function onForeground(cb: () => void): () => void {
  const handler = () => cb()
  Taro.onAppShow(handler)
  return () => Taro.offAppShow(handler)
}
