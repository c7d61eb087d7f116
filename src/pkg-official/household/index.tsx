// One household as a village head or town official sees it: status, residents (phones masked) with their install
// steps and screenshots, pledges with the village's PDF copy, hand-outs and visits.
import { useEffect } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import { formatChinaTime } from '@core/china-time'
import { OUTCOME_LABEL } from '@core/coverage'
import { INSTALL_STEPS } from '@core/schemas/install'
import type { ViewResident } from '@core/schemas/household-view'
import Btn from '../../components/btn'
import MediaThumb from '../../components/media-thumb'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { download } from '../../stores/api'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import { zhProof } from '../../locales/proof'
import './index.css'

const time = (iso: string) => formatChinaTime(Date.parse(iso))

function stepDate(r: ViewResident, step: (typeof INSTALL_STEPS)[number]): string | null {
  return step === 'installed' ? r.installedOn : step === 'real_name' ? r.realNameOn : r.warningOnOn
}

function Resident({ r }: { r: ViewResident }) {
  return (
    <View className='fz-card fz-hv__resident' id={`hv-res-${r.id}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-hv__name'>{r.name}</Text>
        <Text className='fz-muted'>
          {r.gender ? zh.household.gender[r.gender] : ''} {r.age !== null ? zh.household.age(r.age) : ''}
        </Text>
      </View>
      <View className='fz-hv__phone' id={`hv-phone-${r.id}`}>
        {zh.resident.phone}：{r.phone ?? zh.resident.noPhone}
      </View>
      {r.tags.length > 0 && (
        <View className='fz-hv__chips'>
          {r.tags.map((t) => (
            <Text key={t} className='fz-tag fz-hv__chip fz-hv__chip--tag'>
              {t}
            </Text>
          ))}
        </View>
      )}
      {r.inTarget && (
        <View className='fz-hv__chips'>
          {INSTALL_STEPS.map((s) => {
            const d = stepDate(r, s)
            return (
              <Text key={s} id={`hv-step-${r.id}-${s}`} className={`fz-tag fz-hv__chip fz-hv__chip--${d ? 'done' : 'missing'}`}>
                {d ? `${zhOfficial.drill.steps[s]} ${d}` : zhOfficial.drill.stepMissing[s]}
              </Text>
            )
          })}
        </View>
      )}
      {r.screenshotShas.length === 0 && r.screenshotDeclined && (
        <View className='fz-muted fz-hv__line' id={`hv-declined-${r.id}`}>
          {zhProof.install.declined}
        </View>
      )}
      {r.screenshotShas.length > 0 && (
        <View id={`hv-shots-${r.id}`}>
          <View className='fz-muted fz-hv__line'>{zhOfficial.drill.screenshots}</View>
          <View className='fz-hv__shots'>
            {r.screenshotShas.map((sha) => (
              <MediaThumb key={sha} sha={sha} />
            ))}
          </View>
        </View>
      )}
    </View>
  )
}

export default function OfficialHouseholdPage() {
  const user = useOfficial()
  const id = useRouter().params.id ?? ''
  const { data, error, loading, refresh } = useEndpoint(API.household, user ? { params: { id } } : null)
  const doorplate = data?.household.doorplate

  useEffect(() => {
    if (doorplate) void Taro.setNavigationBarTitle({ title: doorplate })
  }, [doorplate])

  const downloadPdf = async (recordId: string, code: string) => {
    const ok = await download(API.pledgePdf, { params: { recordId } }, `承诺书-${code}.pdf`).catch(() => false)
    if (!ok) void Taro.showToast({ title: zhOfficial.drill.pdfFailed, icon: 'none' })
  }

  if (!user) return <Placeholder />
  if (!data) {
    return (
      <View className='fz-page'>
        {error ? (
          <View className='fz-card fz-error' id='hv-error'>
            <View>{error}</View>
            <Btn className='fz-btn--small fz-hv__retry' disabled={loading} onClick={refresh}>
              {zh.common.refresh}
            </Btn>
          </View>
        ) : (
          <View className='fz-empty'>{zh.common.loading}</View>
        )}
      </View>
    )
  }

  const h = data.household
  const notHome = !h.visited && h.lastOutcome === 'not_home'
  return (
    <View className='fz-page'>
      <View className='fz-card' id='hv-head'>
        <View className='fz-title' id='hv-doorplate'>
          {h.doorplate}
        </View>
        <View className='fz-muted'>
          {zh.household.head}：{h.headName} · {zhOfficial.drill.grid(h.gridName)}
        </View>
        <View className='fz-hv__chips' id='hv-status'>
          <Text className={`fz-tag fz-hv__chip fz-tag--${h.visited ? 'visited' : notHome ? 'not_home' : 'never'}`}>
            {h.visited ? zhOfficial.drill.visited : notHome ? zhOfficial.drill.notHome : zhOfficial.drill.never}
          </Text>
          <Text className={`fz-tag fz-hv__chip fz-tag--${h.pledgeCount > 0 ? 'visited' : 'pending'}`}>
            {h.pledgeCount > 0 ? zhOfficial.drill.pledged(h.pledgeCount) : zhOfficial.drill.noPledge}
          </Text>
          {h.targetResidents > 0 && (
            <Text className={`fz-tag fz-hv__chip fz-tag--${h.missingInstallSteps > 0 ? 'pending' : 'visited'}`}>
              {h.missingInstallSteps > 0 ? zhOfficial.drill.installGap(h.missingInstallSteps, h.targetResidents) : zhOfficial.drill.installDone(h.targetResidents)}
            </Text>
          )}
        </View>
        {h.lastVisitAt && (
          <View className='fz-muted fz-hv__line'>
            {zhOfficial.drill.lastVisit(time(h.lastVisitAt))}
            {h.lastOutcome ? ` · ${OUTCOME_LABEL[h.lastOutcome]}` : ''}
          </View>
        )}
      </View>

      <View className='fz-section-title'>
        {zhOfficial.drill.residents}
        {!data.fullPhones && <Text className='fz-muted'>（{zhOfficial.drill.maskedHint}）</Text>}
      </View>
      {data.residents.length === 0 && <View className='fz-muted'>{zh.household.noResidents}</View>}
      {data.residents.map((r) => (
        <Resident key={r.id} r={r} />
      ))}

      <View className='fz-section-title'>{zhOfficial.drill.pledges}</View>
      <View id='hv-pledges'>
        {data.pledges.length === 0 && <View className='fz-muted'>{zhOfficial.drill.noPledges}</View>}
        {data.pledges.map((p) => (
          <View key={p.recordId} className='fz-card fz-row' id={`hv-pledge-${p.recordId}`}>
            <View className='fz-grow'>
              <View className='fz-hv__name'>{zhOfficial.drill.signer(p.signerName)}</View>
              <View className='fz-muted'>{time(p.signedAt)}</View>
              <View className='fz-muted'>{zhOfficial.drill.code(p.verificationCode)}</View>
              {p.duplicate && <Text className='fz-tag fz-tag--pending'>{zhOfficial.drill.duplicate}</Text>}
            </View>
            <Btn id={`hv-pdf-${p.recordId}`} className='fz-btn--small' onClick={() => void downloadPdf(p.recordId, p.verificationCode)}>
              {zhOfficial.drill.pdf}
            </Btn>
          </View>
        ))}
      </View>

      <View className='fz-section-title'>{zhOfficial.drill.handouts}</View>
      <View id='hv-handouts'>
        {data.handouts.length === 0 && <View className='fz-muted'>{zhOfficial.drill.noHandouts}</View>}
        {data.handouts.length > 0 && (
          <View className='fz-card'>
            {data.handouts.map((i, n) => (
              <View key={`${i.recordId}-${n}`} className='fz-row fz-hv__line'>
                <Text className='fz-grow'>{i.materialName}</Text>
                <Text>{zhOfficial.dashboard.pieces(i.quantity)}</Text>
                <Text className='fz-muted fz-hv__when'>{time(i.handedAt)}</Text>
              </View>
            ))}
          </View>
        )}
      </View>

      <View className='fz-section-title'>{zhOfficial.drill.visits}</View>
      <View id='hv-visits'>
        {data.visits.length === 0 && <View className='fz-muted'>{zhOfficial.drill.noVisits}</View>}
        {data.visits.map((v) => (
          <View key={v.recordId} className='fz-card' id={`hv-visit-${v.recordId}`}>
            <View className='fz-row'>
              <Text className={`fz-tag fz-tag--${v.outcome === 'not_home' ? 'not_home' : 'visited'}`}>{v.outcome ? OUTCOME_LABEL[v.outcome] : '—'}</Text>
              <Text className='fz-grow fz-muted fz-hv__when'>{time(v.visitedAt)}</Text>
            </View>
            {v.notes ? <View className='fz-hv__line'>{v.notes}</View> : null}
          </View>
        ))}
      </View>
    </View>
  )
}
