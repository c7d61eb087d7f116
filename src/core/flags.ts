// The kinds of automatic flag a record can get on arrival, each with the label officials see in the queue.
export const FLAG_KINDS = [
  'reused_screenshot',
  'pace',
  'same_point',
  'outside_grid',
  'gps_accuracy',
  'clock_skew',
  'future_date',
  'before_app',
  'backdated',
  'night',
  'duplicate_person',
] as const
export type FlagKind = (typeof FLAG_KINDS)[number]

export const FLAG_KIND_LABEL: Record<FlagKind, string> = {
  reused_screenshot: '截图重复使用',
  pace: '速度异常',
  same_point: '同一位置多户',
  outside_grid: '超出网格',
  gps_accuracy: '定位精度可疑',
  clock_skew: '手机时间异常',
  future_date: '日期在未来',
  before_app: '早于APP上线',
  backdated: '跨周补录',
  night: '夜间走访',
  duplicate_person: '疑似重复人员',
}
