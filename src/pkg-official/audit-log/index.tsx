// 操作记录 for town officials and the county: the audit trail of the area's people (the area of the dashboard it was
// opened from), filtered by person, kind of action and dates, newest first. Reading it changes nothing.
import { useEffect, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { auditLog } from '@core/api/endpoints/audit-log'
import { staffAreas } from '@core/api/endpoints/staff'
import { chinaDate, formatChinaTime } from '@core/china-time'
import { ROLE_LABEL, type Role } from '@core/schemas/auth'
import type { StaffArea } from '@core/schemas/accounts'
import type { AuditEntryView } from '@core/schemas/audit-log'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import { zhAuditLog as t } from '../../locales/audit-log'
import './index.css'

const PAGE_SIZE = 50

interface Filters {
  /** The area whose people's entries are listed; none: the page's own area. */
  area: { id: string; path: string } | null
  who: string
  group: string
  from: string
  to: string
}

const NO_FILTERS: Filters = { area: null, who: '', group: 'all', from: '', to: '' }

function queryOf(areaId: string | undefined, f: Filters) {
  const actions = t.groups.find((g) => g.id === f.group)?.actions
  return { areaId: f.area?.id ?? areaId, who: f.who.trim() || undefined, action: actions || undefined, from: f.from || undefined, to: f.to || undefined, limit: PAGE_SIZE }
}

function DateFilter({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <View className='fz-row fz-al__date'>
      <Text className='fz-muted fz-al__date-label'>{label}</Text>
      <Picker mode='date' value={value || chinaDate(Date.now())} end={chinaDate(Date.now())} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='fz-input fz-al__picker' id={id}>
          {value || t.anyDate}
        </View>
      </Picker>
      {value && (
        <Text className='fz-link fz-al__clear' onClick={() => onChange('')}>
          {t.clear}
        </Text>
      )}
    </View>
  )
}

/** 区域: a town or village found by name (the county sees towns too), or the whole area of the page. */
function AreaFilter({ county, value, onChange }: { county: boolean; value: Filters['area']; onChange: (a: Filters['area']) => void }) {
  const [q, setQ] = useState('')
  const asked = q.trim()
  const villages = useEndpoint(staffAreas, asked ? { query: { level: 'village', q: asked } } : null, { keep: true })
  const towns = useEndpoint(staffAreas, asked && county ? { query: { level: 'town', q: asked } } : null, { keep: true })
  const options: StaffArea[] = asked ? [...(towns.data?.areas ?? []), ...(villages.data?.areas ?? [])].slice(0, 8) : []
  return (
    <View className='fz-al__area'>
      <View className='fz-row'>
        <Text className='fz-label fz-al__label'>{t.area}</Text>
        {value ? (
          <Text className='fz-grow' id='audit-area-chosen'>
            {value.path}
          </Text>
        ) : (
          <Input {...fieldId('audit-area')} className='fz-input fz-grow' value={q} placeholder={t.areaPlaceholder} maxlength={40} onInput={(e) => setQ(e.detail.value)} />
        )}
        {value && (
          <Text className='fz-link fz-al__clear' onClick={() => onChange(null)}>
            {t.clear}
          </Text>
        )}
      </View>
      {!value &&
        options.map((a) => (
          <View
            key={a.id}
            id={`audit-area-${a.id}`}
            className='fz-al__option'
            onClick={() => {
              onChange({ id: a.id, path: a.path })
              setQ('')
            }}
          >
            {a.path}
          </View>
        ))}
    </View>
  )
}

function Entry({ e }: { e: AuditEntryView }) {
  const role = e.userRole ? (ROLE_LABEL[e.userRole as Role] ?? e.userRole) : ''
  return (
    <View className='fz-card fz-al__entry' id={`audit-${e.seq}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-al__action'>{e.actionLabel}</Text>
        <Text className='fz-muted'>{formatChinaTime(Date.parse(e.at))}</Text>
      </View>
      <View className='fz-muted'>{e.userId ? `${e.userName} · ${role}${e.userAreaName ? ` · ${e.userAreaName}` : ''}` : t.system}</View>
      <View className='fz-muted fz-al__detail'>
        {e.entity}
        {e.entityId ? ` ${e.entityId}` : ''}
        {e.summary ? ` · ${e.summary}` : ''}
      </View>
    </View>
  )
}

export default function AuditLogPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const [draft, setDraft] = useState<Filters>(NO_FILTERS)
  const [applied, setApplied] = useState<Filters>(NO_FILTERS)
  const allowed = user?.role === 'town_official' || user?.role === 'county_admin'
  const list = useEndpoint(auditLog, allowed ? { query: queryOf(areaId, applied) } : null)
  const areaName = list.data?.area.name ?? ''

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${t.title}` })
  }, [areaName])

  if (!user) return <Placeholder />
  if (!allowed) return <View className='fz-page fz-empty'>{t.onlyTownCounty}</View>
  const next = list.data?.next ?? null
  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch })
  return (
    <View className='fz-page'>
      <View className='fz-title'>{t.title}</View>
      {areaName && <View className='fz-muted'>{t.scope(areaName)}</View>}
      <View className='fz-card' id='audit-filters'>
        <View className='fz-row'>
          <Text className='fz-label fz-al__label'>{t.who}</Text>
          <Input {...fieldId('audit-who')} className='fz-input fz-grow' value={draft.who} placeholder={t.whoPlaceholder} maxlength={40} onInput={(e) => set({ who: e.detail.value })} />
        </View>
        <AreaFilter county={user.role === 'county_admin'} value={draft.area} onChange={(area) => set({ area })} />
        <View className='fz-al__groups'>
          <Text className='fz-label fz-al__label'>{t.action}</Text>
          {t.groups.map((g) => (
            <Text key={g.id} id={`audit-group-${g.id}`} className={`fz-chip ${draft.group === g.id ? 'fz-chip--on' : ''}`} onClick={() => set({ group: g.id })}>
              {g.label}
            </Text>
          ))}
        </View>
        <DateFilter id='audit-from' label={t.from} value={draft.from} onChange={(from) => set({ from })} />
        <DateFilter id='audit-to' label={t.to} value={draft.to} onChange={(to) => set({ to })} />
        <Btn id='audit-search' className='fz-btn--primary fz-btn--block fz-al__search' disabled={list.loading} onClick={() => (draft === applied ? list.refresh() : setApplied(draft))}>
          {t.search}
        </Btn>
      </View>
      {list.error && <View className='fz-card fz-error'>{list.error}</View>}
      {!list.data && list.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {list.data && list.data.entries.length === 0 && <View className='fz-empty'>{t.empty}</View>}
      <View id='audit-list'>{list.data?.entries.map((e) => <Entry key={e.seq} e={e} />)}</View>
      {next && (
        <Btn
          id='audit-more'
          className='fz-btn--block'
          disabled={list.loading}
          onClick={() => list.more({ query: { ...queryOf(areaId, applied), before: next } }, (prev, page) => ({ ...page, entries: [...prev.entries, ...page.entries] }))}
        >
          {t.more}
        </Btn>
      )}
    </View>
  )
}
