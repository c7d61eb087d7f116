// 人员管理: the staff of an area and below (town officials: their town; the county admin: the county), adding a
// person to the area shown, moving, stopping and restarting accounts, and issuing the 绑定码 (text + QR, for the
// mini-program) and the H5 登录码, each shown once. Sub-areas open the same page one level down.
import { useState } from 'react'
import { Image, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import qrcode from 'qrcode-generator'
import { API } from '@core/api'
import { formatChinaTime } from '@core/china-time'
import { ROLES, ROLE_LABEL, ROLE_LEVELS, type AreaLevel, type Role } from '@core/schemas/auth'
import { NewStaffSchema, type IssuedCode, type Staff, type StaffArea, type StaffList } from '@core/schemas/accounts'
import Btn from '../../components/btn'
import GridPlaceCard from './grid-place-card'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { copyText } from '../../platform/clipboard'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import { fieldId } from '../../platform/field-id'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import './index.css'
import PrivacyConsent from '../../components/privacy-consent'

const t = zhOfficial.staff
const PAGE = 100

/** The roles an area of each level takes: 网格员 a grid, 村/社区负责人 a village, … and 核查员 a town or the county. */
const rolesOfLevel = (level: AreaLevel): Role[] => ROLES.filter((r) => ROLE_LEVELS[r].includes(level))
const CHILD_LEVEL: Partial<Record<AreaLevel, AreaLevel>> = { county: 'town', town: 'village', village: 'grid' }

/** A GIF data URL (H5 <img> and weapp <image> both show it); the pledge-link page draws its links the same way. */
function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr.createDataURL(8, 4)
}

/** A code just issued: the 绑定码 with its QR and expiry, or the 登录码; gone once closed. */
function IssuedCard({ issued, kind, onClose }: { issued: IssuedCode; kind: 'bind' | 'login'; onClose: () => void }) {
  const copy = async () => {
    const copied = await copyText(issued.code)
    if (copied.ok) void Taro.showToast({ title: t.copied, icon: 'success' })
    else await showDeviceFailure(copied, wechatLaunch.clipboard.failed)
  }
  return (
    <View className='fz-card' id='staff-issued'>
      <View className='fz-title'>{kind === 'bind' ? t.bindTitle : t.loginTitle}</View>
      <View className='fz-muted'>{kind === 'bind' ? t.bindIntro(issued.staff.name) : t.loginIntro(issued.staff.name)}</View>
      {kind === 'bind' && <Image id='staff-bind-qr' className='fz-staff__qr' src={qrDataUrl(issued.code)} mode='scaleToFill' />}
      <View className='fz-staff__code'>
        <Text id='staff-issued-code' userSelect>
          {issued.code}
        </Text>
      </View>
      {issued.expiresAt && <View className='fz-muted'>{t.expires(formatChinaTime(Date.parse(issued.expiresAt)))}</View>}
      <View className='fz-row fz-staff__buttons'>
        <Btn className='fz-btn--small fz-grow' onClick={() => void copy()}>
          {t.copy}
        </Btn>
        <Btn id='staff-issued-close' className='fz-btn--small fz-grow' onClick={onClose}>
          {t.close}
        </Btn>
      </View>
    </View>
  )
}

/** 调动: find an area of the person's level within the caller's area by name, then move them there. */
function MovePanel({ person, onMoved, onCancel }: { person: Staff; onMoved: (s: Staff) => void; onCancel: () => void }) {
  const [q, setQ] = useState('')
  const options = useEndpoint(API.staffAreas, { query: { level: person.areaLevel, q: q.trim() || undefined } }, { keep: true })
  const [error, setError] = useState<string | null>(null)
  const move = async (areaId: string) => {
    setError(null)
    try {
      onMoved(await call(API.updateStaff, { params: { id: person.id }, body: { areaId } }))
      void Taro.showToast({ title: t.moved, icon: 'success' })
    } catch (err) {
      setError(messageOf(err))
    }
  }
  return (
    <View className='fz-card' id='staff-move'>
      <View className='fz-title'>{t.moveTitle(person.name)}</View>
      <Input {...fieldId('staff-move-search')} className='fz-input' value={q} placeholder={t.moveSearch} maxlength={40} onInput={(e) => setQ(e.detail.value)} />
      {options.data?.areas.length === 0 && <View className='fz-muted'>{t.moveNone}</View>}
      {options.data?.areas
        .filter((a) => a.id !== person.areaId)
        .map((a) => (
          <View key={a.id} id={`move-to-${a.id}`} className='fz-staff__option' onClick={() => void move(a.id)}>
            {t.moveTo(a.path)}
          </View>
        ))}
      {(error ?? options.error) && <View className='fz-error'>{error ?? options.error}</View>}
      <Btn className='fz-btn--small fz-staff__buttons' onClick={onCancel}>
        {t.cancel}
      </Btn>
    </View>
  )
}

/** 新增人员 to the area shown, in the role its level takes. */
function AddForm({ areaId, level, onAdded }: { areaId: string; level: AreaLevel; onAdded: (s: Staff) => void }) {
  const roles = rolesOfLevel(level)
  const [chosen, setChosen] = useState<Role | null>(null)
  const role = chosen && roles.includes(chosen) ? chosen : roles[0]
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = async () => {
    const parsed = NewStaffSchema.safeParse({ name, phone: phone.trim() || undefined, role, areaId })
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? zh.common.unknownError)
    setBusy(true)
    setError(null)
    try {
      onAdded(await call(API.createStaff, { body: parsed.data }))
      setName('')
      setPhone('')
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id='staff-add'>
      {roles.length > 1 && (
        <View className='fz-row fz-staff__buttons'>
          {roles.map((r) => (
            <Btn key={r} id={`staff-add-role-${r}`} className={`fz-btn--small fz-grow${r === role ? ' fz-btn--primary' : ''}`} onClick={() => setChosen(r)}>
              {ROLE_LABEL[r]}
            </Btn>
          ))}
        </View>
      )}
      <View className='fz-staff__field'>
        <Text className='fz-label'>
          {t.name}（{ROLE_LABEL[role]}）
        </Text>
        <Input {...fieldId('staff-add-name')} className='fz-input' value={name} maxlength={40} onInput={(e) => setName(e.detail.value)} />
      </View>
      <View className='fz-staff__field'>
        <Text className='fz-label'>{t.phone}</Text>
        <Input {...fieldId('staff-add-phone')} className='fz-input' type='number' value={phone} maxlength={20} onInput={(e) => setPhone(e.detail.value)} />
      </View>
      <Btn id='staff-add-save' className='fz-btn--primary fz-btn--block fz-staff__buttons' disabled={busy} onClick={() => void save()}>
        {t.save}
      </Btn>
      {error && <View className='fz-error'>{error}</View>}
    </View>
  )
}

function Person({ s, onPick }: { s: Staff; onPick: () => void }) {
  return (
    <View id={`staff-${s.id}`} className={`fz-staff__person ${s.active ? '' : 'fz-staff__off'}`} onClick={onPick}>
      <View className='fz-row'>
        <Text className='fz-grow fz-staff__name'>{s.name}</Text>
        <Text className='fz-muted'>{ROLE_LABEL[s.role]}</Text>
      </View>
      <View className='fz-muted'>
        {s.areaName}
        {s.phone ? ` · ${s.phone}` : ''}
      </View>
      <View className='fz-staff__tags'>
        {!s.active && <Text className='fz-tag fz-tag--never'>{t.inactive}</Text>}
        <Text className={`fz-tag ${s.wechatBound ? 'fz-tag--visited' : 'fz-tag--pending'}`}>{s.wechatBound ? t.wechatBound : t.wechatNotBound}</Text>
        {s.bindCodeExpiresAt && <Text className='fz-tag fz-tag--pending'>{t.bindPending(formatChinaTime(Date.parse(s.bindCodeExpiresAt)))}</Text>}
      </View>
    </View>
  )
}

type Action = 'issueBind' | 'revokeBind' | 'issueLogin' | 'move' | 'deactivate' | 'reactivate'

function actionsFor(s: Staff, self: boolean): Action[] {
  if (!s.active) return ['reactivate']
  const list: Action[] = ['issueBind']
  if (s.bindCodeExpiresAt) list.push('revokeBind')
  list.push('issueLogin')
  if (!self) list.push('move', 'deactivate')
  return list
}

/** The sub-areas, each opening this page one level down, with 改名 each and 新增下级区域 below them. */
function SubAreas({ parentId, areas, onChanged }: { parentId: string; areas: StaffArea[]; onChanged: () => void }) {
  const t = zhOfficial.staff
  const [name, setName] = useState('')
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (send: () => Promise<unknown>, done: () => void) => {
    setBusy(true)
    setError(null)
    try {
      await send()
      done()
      onChanged()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  const add = () => submit(() => call(API.createArea, { body: { parentId, name: name.trim() } }), () => setName(''))
  const rename = (r: { id: string; name: string }) =>
    submit(() => call(API.renameArea, { params: { id: r.id }, body: { name: r.name.trim() } }), () => setRenaming(null))

  return (
    <View id='staff-areas'>
      <View className='fz-section-title'>{t.subAreas}</View>
      {error && (
        <View className='fz-card fz-error' id='staff-area-error'>
          {error}
        </View>
      )}
      {areas.map((a) =>
        renaming?.id === a.id ? (
          <View key={a.id} className='fz-card fz-row'>
            <Input
              {...fieldId('staff-area-rename-input')}
              className='fz-input fz-grow'
              value={renaming.name}
              maxlength={40}
              onInput={(e) => setRenaming({ id: a.id, name: e.detail.value })}
            />
            <Btn id='staff-area-rename-save' className='fz-btn--small' disabled={busy || !renaming.name.trim()} onClick={() => void rename(renaming)}>
              {t.save}
            </Btn>
            <Btn className='fz-btn--small' onClick={() => setRenaming(null)}>
              {t.cancel}
            </Btn>
          </View>
        ) : (
          <View key={a.id} id={`staff-area-${a.id}`} className='fz-card fz-row' onClick={() => void Taro.navigateTo({ url: url.staff(a.id) })}>
            <Text className='fz-grow'>{a.name}</Text>
            <Text
              id={`staff-area-rename-${a.id}`}
              className='fz-link'
              onClick={(e) => {
                e.stopPropagation()
                setRenaming({ id: a.id, name: a.name })
              }}
            >
              {t.renameArea}
            </Text>
            <Text className='fz-muted'>›</Text>
          </View>
        ),
      )}
      <View className='fz-card fz-row'>
        <Input {...fieldId('staff-area-new-name')} className='fz-input fz-grow' value={name} placeholder={t.newAreaName} maxlength={40} onInput={(e) => setName(e.detail.value)} />
        <Btn id='staff-area-add' className='fz-btn--small' disabled={busy || !name.trim()} onClick={() => void add()}>
          {t.addArea}
        </Btn>
      </View>
    </View>
  )
}

export default function StaffPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const list = useEndpoint(API.staffList, user ? { query: { areaId, limit: PAGE, offset: 0 } } : null)
  const data = list.data
  const childLevel = data ? CHILD_LEVEL[data.area.level] : undefined
  const children = useEndpoint(API.staffAreas, data && childLevel ? { query: { areaId: data.area.id, level: childLevel } } : null)
  const [issued, setIssued] = useState<{ code: IssuedCode; kind: 'bind' | 'login' } | null>(null)
  const [moving, setMoving] = useState<Staff | null>(null)
  const [adding, setAdding] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (!user) return <Placeholder />

  /** The list with one person's new state in place (or added at the end). */
  const put = (s: Staff) =>
    list.setData((prev: StaffList | null) => {
      if (!prev) return prev
      const known = prev.staff.some((p) => p.id === s.id)
      return { ...prev, staff: known ? prev.staff.map((p) => (p.id === s.id ? s : p)) : [...prev.staff, s], total: known ? prev.total : prev.total + 1 }
    })

  const run = async (s: Staff, action: Action) => {
    setError(null)
    const params = { params: { id: s.id } }
    try {
      if (action === 'move') return setMoving(s)
      if (action === 'deactivate') {
        const ok = await Taro.showModal({ title: t.deactivate, content: t.deactivateConfirm(s.name) })
        if (!ok.confirm) return
        return put(await call(API.deactivateStaff, params))
      }
      if (action === 'issueLogin' && s.hasLoginCode) {
        const ok = await Taro.showModal({ title: t.issueLogin, content: t.loginConfirm(s.name) })
        if (!ok.confirm) return
      }
      if (action === 'reactivate') return put(await call(API.reactivateStaff, params))
      if (action === 'revokeBind') return put(await call(API.revokeBindCode, params))
      const code = action === 'issueBind' ? await call(API.issueBindCode, params) : await call(API.issueLoginCode, params)
      put(code.staff)
      setIssued({ code, kind: action === 'issueBind' ? 'bind' : 'login' })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
    } catch (err) {
      setError(messageOf(err))
    }
  }

  const pick = async (s: Staff) => {
    const actions = actionsFor(s, s.id === user.id)
    try {
      const res = await Taro.showActionSheet({ itemList: actions.map((a) => t[a]) })
      await run(s, actions[res.tapIndex])
    } catch {
      // The sheet was closed.
    }
  }

  const loadMore = () => {
    if (!data) return
    list.more({ query: { areaId, limit: PAGE, offset: data.staff.length } }, (prev: StaffList, next: StaffList) => ({ ...next, staff: [...prev.staff, ...next.staff] }))
  }

  return (
    <View className='fz-page'>
      <PrivacyConsent />
      {issued && <IssuedCard issued={issued.code} kind={issued.kind} onClose={() => setIssued(null)} />}
      {moving && (
        <MovePanel
          person={moving}
          onCancel={() => setMoving(null)}
          onMoved={() => {
            setMoving(null)
            // Moved out of the area shown, the person leaves this list; moved within it, their line changes.
            list.refresh()
          }}
        />
      )}
      <View className='fz-row'>
        <View className='fz-grow'>
          <View className='fz-title'>{data?.area.name ?? user.areaName}</View>
          <View className='fz-muted'>
            {t.title}
            {data ? ` · ${t.total(data.total)}` : ''}
          </View>
        </View>
        {data && (
          <Btn id='staff-add-open' className='fz-btn--small' onClick={() => setAdding(!adding)}>
            {adding ? t.cancel : t.add}
          </Btn>
        )}
      </View>
      {(error ?? list.error) && (
        <View className='fz-card fz-error' id='staff-error'>
          {error ?? list.error}
        </View>
      )}
      {data && adding && (
        <View className='fz-card'>
          <View className='fz-muted'>{t.addHere(data.area.name)}</View>
          <AddForm
            areaId={data.area.id}
            level={data.area.level}
            onAdded={(s) => {
              put(s)
              setAdding(false)
            }}
          />
        </View>
      )}
      {!data && list.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {data && (
        <View className='fz-card' id='staff-list'>
          {data.staff.length === 0 && <View className='fz-muted'>{t.empty}</View>}
          {data.staff.map((s) => (
            <Person key={s.id} s={s} onPick={() => void pick(s)} />
          ))}
          {data.staff.length < data.total && (
            <Btn className='fz-btn--small fz-btn--block fz-staff__buttons' disabled={list.loading} onClick={loadMore}>
              {t.more}
            </Btn>
          )}
        </View>
      )}
      {data?.area.level === 'grid' && <GridPlaceCard gridId={data.area.id} />}
      {data && childLevel && children.data && (
        <SubAreas parentId={data.area.id} areas={children.data.areas} onChanged={() => children.refresh()} />
      )}
    </View>
  )
}

