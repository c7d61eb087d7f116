// UI text of 电话抽查 (pkg-official/spot-checks) and its mark on the ranking.
import { SPOT_CHECK_OUTCOME_LABEL } from '@core/schemas/spot-checks'
import { INSTALL_STEP_LABEL, type InstallStep } from '@core/schemas/install'

export const zhSpotChecks = {
  title: '电话抽查',
  week: (from: string, to: string) => `${from} 至 ${to}`,
  prevWeek: '‹ 上一周',
  nextWeek: '下一周 ›',
  notDrawn: '该周还没有抽取样本。抽取后结果固定，再次抽取仍是同一批人。',
  draw: '抽取样本',
  drawing: '正在抽取…',
  drawnBy: (name: string, at: string, n: number) => `${name} 于 ${at} 抽取，共 ${n} 人`,
  seed: (seed: string) => `随机种子 ${seed}`,
  empty: '该周没有可抽查的安装记录或待核查记录',
  flagged: '待核查',
  worker: (name: string | null) => `网格员：${name ?? '—'}`,
  steps: (steps: { step: InstallStep; doneOn: string }[]) =>
    steps.length ? `登记：${steps.map((s) => `${INSTALL_STEP_LABEL[s.step]} ${s.doneOn}`).join('，')}` : '登记：无安装记录',
  visited: (date: string | null) => (date ? `上门走访：${date}` : '上门走访：无记录'),
  noPhone: '无手机号',
  reveal: '查看号码',
  call: '拨打',
  callFailed: '无法拨打，请手动拨号',
  comment: '备注（选填）',
  outcomes: SPOT_CHECK_OUTCOME_LABEL,
  outcome: (label: string, at: string) => `结果：${label}（${at}）`,
  saved: '已记录',
  stats: '核查统计',
  villages: '各村（社区）',
  workers: '各网格员',
  statLine: (s: { sampled: number; checked: number; confirmedPct: number | null; discrepancyPct: number | null }) =>
    `抽查 ${s.sampled} 人，已核查 ${s.checked} 人，属实率 ${s.confirmedPct ?? '—'}%，不实率 ${s.discrepancyPct ?? '—'}%`,
  marked: (threshold: number) => `不实率超过 ${threshold}%`,
  rankingMark: (pct: number, marked: boolean) => `电话抽查不实率 ${pct}%${marked ? '（超标）' : ''}`,
  reportTitle: (threshold: number) => `本月电话抽查（不实率超过 ${threshold}% 的标红）`,
  reportLine: (name: string, r: { checked: number; discrepancies: number; discrepancyPct: number; marked: boolean }) =>
    `${name}：核查 ${r.checked} 人，不实 ${r.discrepancies} 人，不实率 ${r.discrepancyPct}%${r.marked ? '（超标）' : ''}`,
}
