// 网格范围: where a grid lies (a centre and a radius), so visits logged far outside it are flagged for checking.
// The centre is taken from the phone's location standing in the grid, or typed in.
import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { gridPlace, setGridPlace } from '@core/api/endpoints/areas'
import { GRID_RADIUS_M, GridPlaceSchema, type GridPlace } from '@core/schemas/grid-place'
import Btn from '../../components/btn'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { locate as locateOnce } from '../../platform/location'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'

const t = zhOfficial.gridPlace
const RADII = [300, 500, 1000, 2000]

type Draft = { lat: string; lng: string; radiusM: number }

const draftOf = (p: GridPlace | null): Draft => ({ lat: p ? String(p.lat) : '', lng: p ? String(p.lng) : '', radiusM: p?.radiusM ?? 500 })

export default function GridPlaceCard({ gridId }: { gridId: string }) {
  const current = useEndpoint(gridPlace, { params: { id: gridId } })
  const [draft, setDraft] = useState<Draft | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const place = current.data?.place ?? null

  const locate = async () => {
    setError(null)
    const res = await locateOnce(10_000)
    if (!res.ok) return showDeviceFailure(res, wechatLaunch.location.failed)
    const fix = res.value
    if (!fix) return setError(t.noLocation)
    setDraft((d) => ({ ...(d ?? draftOf(place)), lat: fix.lat.toFixed(6), lng: fix.lng.toFixed(6) }))
  }

  const save = async (next: GridPlace | null) => {
    setBusy(true)
    setError(null)
    try {
      const saved = await call(setGridPlace, { params: { id: gridId }, body: { place: next } })
      current.setData(() => saved)
      setDraft(null)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  const submit = () => {
    const parsed = GridPlaceSchema.safeParse({ lat: Number(draft!.lat), lng: Number(draft!.lng), radiusM: draft!.radiusM })
    if (!draft!.lat || !draft!.lng || !parsed.success) return setError(t.invalid)
    void save(parsed.data)
  }

  return (
    <View className='fz-card' id='grid-place'>
      <View className='fz-section-title'>{t.title}</View>
      <View className='fz-muted'>{t.why}</View>
      {!draft && (
        <View className='fz-row'>
          <Text id='grid-place-current' className='fz-grow'>
            {place ? t.summary(place) : current.loading ? zh.common.loading : t.notSet}
          </Text>
          <Btn id='grid-place-edit' className='fz-btn--small' onClick={() => setDraft(draftOf(place))}>
            {place ? t.change : t.set}
          </Btn>
        </View>
      )}
      {draft && (
        <View>
          <Btn id='grid-place-locate' className='fz-btn--small fz-btn--block' onClick={() => void locate()}>
            {t.useLocation}
          </Btn>
          <View className='fz-row'>
            <Input {...fieldId('grid-place-lat')} className='fz-input fz-grow' type='digit' placeholder={t.lat} value={draft.lat} onInput={(e) => setDraft({ ...draft, lat: e.detail.value })} />
            <Input {...fieldId('grid-place-lng')} className='fz-input fz-grow' type='digit' placeholder={t.lng} value={draft.lng} onInput={(e) => setDraft({ ...draft, lng: e.detail.value })} />
          </View>
          <View className='fz-row'>
            <Text>{t.radius}</Text>
            {RADII.map((r) => (
              <Btn key={r} id={`grid-place-radius-${r}`} className={`fz-btn--small ${draft.radiusM === r ? 'fz-btn--primary' : ''}`} onClick={() => setDraft({ ...draft, radiusM: r })}>
                {t.metres(r)}
              </Btn>
            ))}
          </View>
          <View className='fz-row'>
            <Btn id='grid-place-save' className='fz-btn--small fz-btn--primary' disabled={busy} onClick={submit}>
              {t.save}
            </Btn>
            {place && (
              <Btn id='grid-place-clear' className='fz-btn--small' disabled={busy} onClick={() => void save(null)}>
                {t.clear}
              </Btn>
            )}
            <Btn className='fz-btn--small' onClick={() => setDraft(null)}>
              {t.cancel}
            </Btn>
          </View>
        </View>
      )}
      {error && <View className='fz-error'>{error}</View>}
      <View className='fz-muted'>{t.range(GRID_RADIUS_M.min, GRID_RADIUS_M.max)}</View>
    </View>
  )
}
