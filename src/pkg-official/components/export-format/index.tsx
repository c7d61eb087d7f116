// 导出格式 when downloading the 花名册 or the 入户走访登记: the default columns, or the layout the county set for the
// 上级平台 (#13, 最多报一次). Shown only once the county has set a layout.
import { Text, View } from '@tarojs/components'
import { API } from '@core/api'
import type { ExportLayout, ExportLayoutKind } from '@core/export-layout'
import Btn from '../../../components/btn'
import { useEndpoint } from '../../../components/use-endpoint'
import { zhProof } from '../../../locales/proof'
import './index.css'

export type ExportFormat = 'default' | 'county'

/** The county's layouts (empty until it sets one, or while loading). */
export function useCountyLayouts(): ExportLayout[] {
  return useEndpoint(API.exportLayouts, {}).data?.items ?? []
}

/** The format to ask for a kind: the county's only when chosen and set for that kind. */
export function formatFor(layouts: readonly ExportLayout[], kind: ExportLayoutKind, chosen: ExportFormat): ExportFormat {
  return chosen === 'county' && layouts.some((l) => l.kind === kind) ? 'county' : 'default'
}

export default function ExportFormatPicker({ layouts, value, onChange }: { layouts: readonly ExportLayout[]; value: ExportFormat; onChange: (f: ExportFormat) => void }) {
  if (layouts.length === 0) return null
  const name = layouts.map((l) => l.name).filter((n, i, all) => all.indexOf(n) === i).join('、')
  return (
    <View className='fz-row fz-exfmt'>
      <Text className='fz-muted fz-exfmt__label'>{zhProof.export.format}</Text>
      <Btn id='export-format-default' className={`fz-btn--small fz-exfmt__opt ${value === 'default' ? 'fz-btn--primary' : ''}`} onClick={() => onChange('default')}>
        {zhProof.export.defaultFormat}
      </Btn>
      <Btn id='export-format-county' className={`fz-btn--small fz-exfmt__opt ${value === 'county' ? 'fz-btn--primary' : ''}`} onClick={() => onChange('county')}>
        {zhProof.export.countyFormat(name)}
      </Btn>
    </View>
  )
}
