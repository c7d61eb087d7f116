// One GPS fix, best effort: a fix that fails or comes late never holds up saving. `locate` says why there is none
// (a refused permission → the settings page; the privacy guide not agreed), so the page can tell the worker.
import Taro from '@tarojs/taro'
import { GeoPointSchema, type GeoPoint } from '@core/schemas/visit'
import { classifyFailure, type DeviceResult } from './device-failure'

/** ok with null: no usable fix in time (timeout, a point out of range). */
export function locate(timeoutMs: number): Promise<DeviceResult<GeoPoint | null>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: true, value: null }), timeoutMs)
    // gcj02 is what WeChat maps use; Taro's h5 build only supports wgs84, so h5 gets a failure.
    Taro.getLocation({ type: 'gcj02' })
      .then((res) => {
        const p = GeoPointSchema.safeParse({ lat: res.latitude, lng: res.longitude, accuracy: res.accuracy })
        resolve({ ok: true, value: p.success ? p.data : null })
      })
      .catch((err: unknown) => resolve({ ok: false, ...classifyFailure(err, 'location') }))
      .finally(() => clearTimeout(timer))
  })
}
