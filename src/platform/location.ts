// One GPS fix for a visit, best effort: a fix that fails or comes late gives null and never holds up saving.
import Taro from '@tarojs/taro'
import { GeoPointSchema, type GeoPoint } from '@core/schemas/visit'

export function requestLocation(timeoutMs: number): Promise<GeoPoint | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs)
    // gcj02 is what WeChat maps use; Taro's h5 build only supports wgs84, so h5 gets null.
    Taro.getLocation({ type: 'gcj02' })
      .then((res) => {
        const p = GeoPointSchema.safeParse({ lat: res.latitude, lng: res.longitude, accuracy: res.accuracy })
        resolve(p.success ? p.data : null)
      })
      .catch(() => resolve(null))
      .finally(() => clearTimeout(timer))
  })
}
