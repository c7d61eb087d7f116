// 投诉建议: what a feedback item may be about and where it stands, as closed lists with their Chinese labels.

export const FEEDBACK_CATEGORIES = ['complaint', 'suggestion', 'question', 'personal_info'] as const
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number]

export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = {
  complaint: '投诉',
  suggestion: '建议',
  question: '咨询',
  personal_info: '个人信息（查阅、更正、撤回）',
}

export const FEEDBACK_STATUSES = ['pending', 'in_progress', 'answered'] as const
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number]

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  pending: '待处理',
  in_progress: '处理中',
  answered: '已答复',
}

/** The longest text a sender or an answer may have. */
export const FEEDBACK_MAX_CHARS = 500
