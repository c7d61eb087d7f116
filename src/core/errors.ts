// Every API error code, its HTTP status and the Chinese message a user sees. Server and app share this list.

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '登录已过期，请重新登录' },
  LOGIN_CODE_INVALID: { status: 401, message: '登录码不正确，请核对后重试' },
  WECHAT_CODE_INVALID: { status: 401, message: '微信登录凭证无效或已过期，请重新进入小程序' },
  WECHAT_NOT_BOUND: { status: 403, message: '该微信尚未绑定账号，请输入管理员发放的绑定码' },
  BIND_CODE_INVALID: { status: 403, message: '绑定码不正确、已使用或已过期，请向管理员重新索取' },
  LOGIN_LOCKED: { status: 429, message: '登录失败次数过多，已暂停登录 15 分钟，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '该账号已停用，如有疑问请联系管理员' },
  SETUP_CODE_INVALID: { status: 403, message: '设置码不正确，请核对服务器启动时显示的设置码' },
  SETUP_CODE_EXPIRED: { status: 410, message: '设置码已过期（24 小时内有效），请重启服务器获取新的设置码' },
  SETUP_CLOSED: { status: 410, message: '系统已完成首次设置，请用管理员的登录码或微信登录' },
  STAFF_ROLE_AREA: { status: 422, message: '岗位与所属区域不符：网格员属网格，村/社区负责人属村（社区），镇（街道）工作人员属镇（街道），县级管理员属县' },
  STAFF_SELF: { status: 422, message: '不能停用、调动或更改自己的岗位，请由其他管理员操作' },
  STAFF_INACTIVE: { status: 409, message: '该账号已停用，请先恢复账号再发放' },
  WECHAT_UNAVAILABLE: { status: 502, message: '暂时无法连接微信登录服务，请稍后重试' },
  WECHAT_NOT_CONFIGURED: { status: 503, message: '服务器未配置微信登录，请使用登录码登录' },
  FORBIDDEN: { status: 403, message: '无权查看或操作该范围的数据' },
  NOT_FOUND: { status: 404, message: '要找的内容不存在' },
  BATCH_TOO_LARGE: { status: 413, message: '一次提交的记录过多，将自动分批重试' },
  RECORD_CONFLICT: { status: 409, message: '同一编号的记录内容不一致，已留存两个版本待核查' },
  RECORD_INVALID: { status: 422, message: '记录内容不完整或有误，未能入库' },
  HOUSEHOLD_NOT_FOUND: { status: 422, message: '找不到该户，可能已被删除或不属于您的网格' },
  TEMPLATE_UNKNOWN: { status: 422, message: '承诺书模板版本不存在，请同步后重新签署' },
  MATERIAL_UNKNOWN: { status: 422, message: '宣传资料不在本镇资料目录中，请同步后重试' },
  RECEIPT_SIGNATURE_REQUIRED: { status: 422, message: '该资料需要领取人签字回执' },
  RESIDENT_NOT_FOUND: { status: 422, message: '找不到该居民，可能已被删除或不属于该户' },
  GRID_NOT_FOUND: { status: 422, message: '网格不存在或不在您的范围内' },
  HOUSEHOLD_EXISTS: { status: 409, message: '该户编号已被另一条新增住户记录使用' },
  RESIDENT_EXISTS: { status: 409, message: '该居民编号已被另一条新增成员记录使用' },
  MEDIA_TOO_LARGE: { status: 413, message: '图片太大（超过 2 MB），请压缩后重新上传' },
  MEDIA_TYPE_NOT_ALLOWED: { status: 415, message: '只能上传 JPG、PNG 或 WebP 图片' },
  MEDIA_CORRUPT: { status: 422, message: '图片已损坏或不完整，请重新选择' },
  MEDIA_HASH_MISMATCH: { status: 422, message: '上传的文件与指纹不符，请重新上传' },
  MEDIA_OFFSET_MISMATCH: { status: 409, message: '上传进度不一致，将从断点继续' },
  SIGN_LINK_INVALID: { status: 404, message: '签署链接无效，请向网格员重新索取' },
  SIGN_LINK_EXPIRED: { status: 410, message: '签署链接已过期，请向网格员重新索取' },
  SIGN_LINK_USED: { status: 410, message: '该签署链接已使用过，每个链接只能签署一次' },
  REPORT_MONTH_INVALID: { status: 400, message: '月份格式不正确，应为“2026-11”这样的年-月' },
  REPORT_MONTH_FUTURE: { status: 400, message: '该月份尚未开始，无法生成月报' },
  REPORT_AREA_LEVEL: { status: 422, message: '月报只能按村（社区）、镇（街道）或县生成' },
  REPORT_PHOTO_INVALID: { status: 422, message: '所选照片不是该地区本月的走访或资料发放照片，请重新选择' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  PHASE_ENDS_BEFORE_START: { status: 422, message: '阶段的结束日期不能早于开始日期' },
  PHASES_OVERLAP: { status: 422, message: '各阶段须按时间先后排列，日期不能重叠' },
  CAMPAIGN_NOT_OWNER: { status: 403, message: '该宣传行动由上级设立，只有设立单位可以修改名称和阶段' },
  TARGET_NOT_FOUND: { status: 404, message: '本级没有单独设定这项目标，无需恢复继承' },
  TARGET_IS_BASE: { status: 422, message: '这是宣传行动本身的目标，没有可继承的上级目标' },
  CAMPAIGN_OVERLAPS: { status: 409, message: '本区域在这段时间已有宣传行动，新行动须在原行动结束后开始' },
  TARGET_DEADLINE_OUTSIDE: { status: 422, message: '目标期限须在宣传行动的起止日期之内' },
  IMPORT_FILE_TYPE: { status: 415, message: '只能导入 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）' },
  IMPORT_FILE_TOO_LARGE: { status: 413, message: '文件太大，请按镇（街道）或村（社区）分成几个文件分别导入' },
  IMPORT_FILE_UNREADABLE: { status: 422, message: '文件无法读取，可能已损坏或不是表格文件，请在 Excel 中重新保存后再试' },
  IMPORT_HEADER_MISSING: { status: 422, message: '没有找到表头行，请使用导入模板的列名' },
  IMPORT_NOT_CHECKED: { status: 409, message: '试导入尚未完成或未成功，完成后才能应用' },
  IMPORT_ALREADY_APPLIED: { status: 409, message: '该文件已经应用过；如有修改，请重新上传' },
  IMPORT_BUSY: { status: 409, message: '本县另有一个导入正在应用，请等它完成后再试' },
  IMPORT_EXPIRED: { status: 410, message: '试导入结果已过期，请重新上传文件' },
  IMPORT_INTERRUPTED: { status: 500, message: '导入因服务器重启而中断，请重新上传（应用中断的可再次点击应用，已写入的不会重复）' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后重试' },
} as const

export type ErrorCode = keyof typeof ERRORS

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown }
}

export function errorMessage(code: string): string {
  return (ERRORS as Record<string, { message: string }>)[code]?.message ?? '操作失败，请稍后重试'
}
