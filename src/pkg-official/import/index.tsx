// 导入: a town official or the county admin picks what to import (区域, 工作人员, 户籍花名册), downloads its template
// and chooses a file; the server checks it in the background (试导入) while the page polls its progress, then shows
// what it would do — counts, the refused rows with their reasons, the report — and 应用 writes it, again with
// progress. Nothing is written before 应用.
import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { API } from '@core/api'
import { IMPORT_KINDS, type ImportKind } from '@core/imports/columns'
import type { ImportCounts, ImportJob, ImportRow } from '@core/schemas/imports'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { call, download, messageOf } from '../../stores/api'
import { chooseTableFile } from '../../platform/table-file'
import { DeviceFailureError } from '../../platform/device-failure'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import { zhOffRegister } from '../../locales/off-register'
import './index.css'
import PrivacyConsent from '../../components/privacy-consent'

const t = zhOfficial.imports
const POLL_MS = 1000
/** A county's register may be tens of MB on a slow line. */
const UPLOAD_TIMEOUT_MS = 10 * 60_000
const SHOWN_REFUSED = 50

const running = (job: ImportJob | null) => job !== null && (job.status === 'checking' || job.status === 'applying')

function Counts({ counts }: { counts: ImportCounts }) {
  const r = counts.rows
  return (
    <View>
      <View className='fz-import__line' id='import-rows'>
        {t.rows(r.total, r.created, r.updated, r.unchanged, r.refused)}
      </View>
      {Object.entries(counts.entities).map(([k, c]) => (
        <View key={k} className='fz-import__line fz-muted'>
          {t.entityLine(t.entity[k] ?? k, c)}
        </View>
      ))}
    </View>
  )
}

export default function ImportPage() {
  const user = useOfficial()
  const [kind, setKind] = useState<ImportKind>('areas')
  const [job, setJob] = useState<ImportJob | null>(null)
  const [uploading, setUploading] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [refused, setRefused] = useState<{ id: string; rows: ImportRow[]; more: boolean } | null>(null)

  // While the server works on the job, ask again every second (a failed poll is tried again the same way).
  useEffect(() => {
    if (!job || !running(job)) return
    const timer = setTimeout(() => {
      call(API.importJob, { params: { id: job.id } }).then(
        (next) => setJob(next),
        (err) => {
          setError(messageOf(err))
          setJob({ ...job })
        },
      )
    }, POLL_MS)
    return () => clearTimeout(timer)
  }, [job])

  const checkedId = job && (job.status === 'checked' || job.status === 'applied') ? job.id : null
  useEffect(() => {
    if (!checkedId) return
    call(API.importRows, { params: { id: checkedId }, query: { outcome: 'refused', limit: SHOWN_REFUSED } }).then(
      (r) => setRefused({ id: checkedId, rows: r.rows, more: r.hasMore }),
      (err) => setError(messageOf(err)),
    )
  }, [checkedId])

  if (!user) return <Placeholder />
  if (user.role === 'village_head') return <View className='fz-page fz-muted'>{t.notAllowed}</View>

  const choose = async () => {
    setError(null)
    try {
      const file = await chooseTableFile()
      if (!file) return
      setJob(null)
      setRefused(null)
      setUploading(file.name)
      const body = new Uint8Array(await file.bytes())
      setJob(await call(API.importUpload, { params: { kind }, query: { fileName: file.name }, body }, { timeoutMs: UPLOAD_TIMEOUT_MS }))
    } catch (err) {
      if (err instanceof DeviceFailureError) await showDeviceFailure(err.failure, wechatLaunch.table.failed)
      else setError(messageOf(err))
    } finally {
      setUploading(null)
    }
  }

  const template = async () => {
    setError(null)
    if (!(await download(API.importTemplate, { params: { kind } }, `${t.kinds[kind]}导入模板.xlsx`))) setError(zh.common.unknownError)
  }

  const report = async () => {
    if (!job) return
    if (!(await download(API.importReportXlsx, { params: { id: job.id } }, `${t.kinds[job.kind]}导入报告.xlsx`))) setError(zh.common.unknownError)
  }

  const apply = async () => {
    if (!job?.check) return
    const sum = (f: 'removed' | 'offRegister') => Object.values(job.check!.entities).reduce((n, c) => n + c[f], 0)
    const { confirm } = await Taro.showModal({ title: t.apply, content: t.applyConfirm(job.check.rows.refused, sum('removed'), sum('offRegister')) })
    if (!confirm) return
    setError(null)
    try {
      setJob(await call(API.importApply, { params: { id: job.id } }))
    } catch (err) {
      setError(messageOf(err))
    }
  }

  const counts = job?.apply ?? job?.check ?? null
  const absent = counts && Object.values(counts.entities).some((c) => c.offRegister > 0 || c.removed > 0)
  const toConfirm = job?.status === 'applied' && job.apply && Object.values(job.apply.entities).some((c) => c.offRegister > 0)
  const pct = job ? Math.round(job.progress * 100) : 0

  return (
    <View className='fz-page'>
      <PrivacyConsent />
      <View className='fz-card'>
        <View className='fz-title'>{t.title}</View>
        <View className='fz-muted'>{t.intro}</View>
        <View className='fz-row fz-import__kinds fz-import__buttons'>
          {IMPORT_KINDS.map((k) => (
            <Btn
              key={k}
              id={`import-kind-${k}`}
              className={`fz-btn--small fz-grow ${k === kind ? 'fz-btn--primary' : ''}`}
              disabled={uploading !== null || running(job)}
              onClick={() => setKind(k)}
            >
              {t.tabs[k]}
            </Btn>
          ))}
        </View>
        <View className='fz-row fz-import__buttons'>
          <Btn id='import-template' className='fz-btn--small fz-grow' onClick={() => void template()}>
            {t.template}
          </Btn>
          <Btn id='import-choose' className='fz-btn--small fz-grow' disabled={uploading !== null || running(job)} onClick={() => void choose()}>
            {t.choose}
          </Btn>
        </View>
        <View className='fz-muted fz-import__line'>{t.chooseHint}</View>
        {error && <View className='fz-import__error'>{error}</View>}
      </View>

      {uploading && <View className='fz-card'>{t.uploading(uploading)}</View>}

      {job && (
        <View className='fz-card' id='import-job'>
          <View className='fz-title'>
            {t.kinds[job.kind]} · {job.fileName}
          </View>
          <View id='import-status'>
            {job.status === 'checking' ? t.checking : job.status === 'applying' ? t.applying : job.status === 'checked' ? t.checked : job.status === 'applied' ? t.applied : t.failed}
          </View>
          {running(job) && (
            <View>
              <View className='fz-import__bar'>
                <View className='fz-import__fill' style={{ width: `${pct}%` }} />
              </View>
              <View className='fz-muted'>{t.progress(job.processedRows, pct)}</View>
            </View>
          )}
          {job.error && <View className='fz-import__error'>{job.error.message}</View>}
          {counts && <Counts counts={counts} />}
          {absent && <View className='fz-import__warn'>{t.absentWarning}</View>}
          {(job.status === 'checked' || job.status === 'applied' || (job.status === 'failed' && job.check)) && (
            <View className='fz-row fz-import__buttons'>
              <Btn id='import-report' className='fz-btn--small fz-grow' onClick={() => void report()}>
                {t.report}
              </Btn>
              {job.status !== 'applied' && (
                <Btn id='import-apply' className='fz-btn--small fz-grow fz-btn--primary' onClick={() => void apply()}>
                  {t.apply}
                </Btn>
              )}
              {toConfirm && (
                <Btn id='import-off-register' className='fz-btn--small fz-grow' onClick={() => void Taro.navigateTo({ url: url.offRegister(job.areaId) })}>
                  {zhOffRegister.open}
                </Btn>
              )}
            </View>
          )}
        </View>
      )}

      {job && refused?.id === job.id && refused.rows.length > 0 && (
        <View className='fz-card' id='import-refused'>
          <View className='fz-title'>{t.refusedTitle}</View>
          {refused.rows.map((r) => (
            <View key={r.rowNo} className='fz-import__row'>
              <Text className='fz-muted'>{r.source}：</Text>
              <Text>{r.message}</Text>
            </View>
          ))}
          {refused.more && <View className='fz-muted fz-import__line'>{t.refusedMore(job.check ? job.check.rows.refused - refused.rows.length : 0)}</View>}
        </View>
      )}
    </View>
  )
}
