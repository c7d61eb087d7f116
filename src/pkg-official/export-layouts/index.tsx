// 上级平台导出格式 (#13, 最多报一次): the county admin names once, per export, which column header holds which field, in
// which order, and the date format; the 花名册 and 入户走访登记 downloads then offer that layout beside the default.
import { useEffect, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { API } from '@core/api'
import { formatChinaTime } from '@core/china-time'
import {
  DATE_FORMATS,
  EXPORT_LAYOUT_KINDS,
  EXPORT_LAYOUT_KIND_LABEL,
  ExportLayoutInputSchema,
  LAYOUT_FIELDS,
  formatDate,
  type DateFormat,
  type ExportLayout,
  type ExportLayoutKind,
} from '@core/export-layout'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import { zhProof } from '../../locales/proof'
import './index.css'

const t = zhProof.layouts
const SAMPLE_DATE = '2026-03-05'

interface Column {
  field: string
  header: string
}

const defaultColumns = (kind: ExportLayoutKind): Column[] => Object.entries(LAYOUT_FIELDS[kind]).map(([field, header]) => ({ field, header }))

function LayoutEditor({ kind, saved, onSaved }: { kind: ExportLayoutKind; saved: ExportLayout | null; onSaved: (l: ExportLayout) => void }) {
  const [name, setName] = useState(saved?.name ?? '')
  const [columns, setColumns] = useState<Column[]>(saved?.columns ?? defaultColumns(kind))
  const [dateFormat, setDateFormat] = useState<DateFormat>(saved?.dateFormat ?? 'YYYY-MM-DD')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const fields = LAYOUT_FIELDS[kind]
  const unused = Object.keys(fields).filter((f) => !columns.some((c) => c.field === f))

  const move = (i: number, by: number) => {
    const j = i + by
    if (j < 0 || j >= columns.length) return
    const next = [...columns]
    ;[next[i], next[j]] = [next[j], next[i]]
    setColumns(next)
  }

  const save = async () => {
    const input = { name: name.trim(), columns: columns.map((c) => ({ field: c.field, header: c.header.trim() })), dateFormat }
    const parsed = ExportLayoutInputSchema.safeParse(input)
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path[0]
      setError(path === 'name' ? t.errors.name : columns.length === 0 ? t.errors.columns : t.errors.header)
      return
    }
    setBusy(true)
    setError(null)
    try {
      onSaved(await call(API.setExportLayout, { params: { kind }, body: parsed.data }))
      void Taro.showToast({ title: t.saved, icon: 'success' })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='fz-card' id={`layout-${kind}`}>
      <View className='fz-muted'>{saved ? t.setAt(formatChinaTime(Date.parse(saved.updatedAt))) : t.notSet}</View>
      <Text className='fz-label'>{t.name}</Text>
      <Input {...fieldId(`layout-${kind}-name`)} className='fz-input' value={name} maxlength={30} placeholder={t.namePlaceholder} onInput={(e) => setName(e.detail.value)} />
      <Text className='fz-label'>{t.columns}</Text>
      {columns.map((c, i) => (
        <View key={c.field} className='fz-layout__col' id={`layout-${kind}-col-${c.field}`}>
          <View className='fz-row'>
            <Text className='fz-grow fz-muted'>
              {i + 1}. {fields[c.field]}
            </Text>
            <Btn className='fz-btn--small fz-layout__act' disabled={i === 0} onClick={() => move(i, -1)}>
              {t.up}
            </Btn>
            <Btn className='fz-btn--small fz-layout__act' disabled={i === columns.length - 1} onClick={() => move(i, 1)}>
              {t.down}
            </Btn>
            <Btn className='fz-btn--small fz-layout__act' onClick={() => setColumns(columns.filter((x) => x.field !== c.field))}>
              {t.remove}
            </Btn>
          </View>
          <Input
            {...fieldId(`layout-${kind}-header-${c.field}`)}
            className='fz-input'
            value={c.header}
            maxlength={30}
            placeholder={t.header}
            onInput={(e) => setColumns(columns.map((x) => (x.field === c.field ? { ...x, header: e.detail.value } : x)))}
          />
        </View>
      ))}
      {unused.length > 0 && (
        <Picker mode='selector' range={unused.map((f) => fields[f])} onChange={(e) => setColumns([...columns, { field: unused[Number(e.detail.value)], header: fields[unused[Number(e.detail.value)]] }])}>
          <View className='fz-btn fz-btn--small fz-layout__add' id={`layout-${kind}-add`}>
            {t.add}
          </View>
        </Picker>
      )}
      <Text className='fz-label'>{t.dateFormat}</Text>
      <Picker mode='selector' range={DATE_FORMATS.map((f) => formatDate(SAMPLE_DATE, f))} value={DATE_FORMATS.indexOf(dateFormat)} onChange={(e) => setDateFormat(DATE_FORMATS[Number(e.detail.value)])}>
        <View className='fz-input' id={`layout-${kind}-date`}>
          {formatDate(SAMPLE_DATE, dateFormat)}
        </View>
      </Picker>
      {error && <View className='fz-error'>{error}</View>}
      <Btn id={`layout-${kind}-save`} className='fz-btn--primary fz-btn--block fz-layout__save' disabled={busy} onClick={() => void save()}>
        {t.save}
      </Btn>
    </View>
  )
}

export default function ExportLayoutsPage() {
  const user = useOfficial()
  const list = useEndpoint(API.exportLayouts, user ? {} : null)
  const [kind, setKind] = useState<ExportLayoutKind>('roster')
  const [layouts, setLayouts] = useState<ExportLayout[] | null>(null)
  useEffect(() => {
    if (list.data) setLayouts(list.data.items)
  }, [list.data])

  if (!user) return <Placeholder />
  if (user.role !== 'county_admin') return <View className='fz-page fz-empty'>{t.onlyCounty}</View>
  return (
    <View className='fz-page'>
      <View className='fz-muted'>{t.intro}</View>
      <View className='fz-row fz-layout__kinds'>
        {EXPORT_LAYOUT_KINDS.map((k) => (
          <Btn key={k} id={`layout-kind-${k}`} className={`fz-btn--small fz-grow ${k === kind ? 'fz-btn--primary' : ''}`} onClick={() => setKind(k)}>
            {EXPORT_LAYOUT_KIND_LABEL[k]}
          </Btn>
        ))}
      </View>
      {list.error && <View className='fz-card fz-error'>{list.error}</View>}
      {layouts === null ? (
        !list.error && <View className='fz-empty'>{zh.common.loading}</View>
      ) : (
        <LayoutEditor
          key={kind}
          kind={kind}
          saved={layouts.find((l) => l.kind === kind) ?? null}
          onSaved={(l) => setLayouts([...layouts.filter((x) => x.kind !== l.kind), l])}
        />
      )}
    </View>
  )
}
