// Residents' rights (PIPL): what a resident may ask about their pledge and data, and what an official did about it.

export const DATA_REQUEST_KINDS = ['see', 'correct', 'withdraw'] as const
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number]

export const DATA_REQUEST_LABELS: Record<DataRequestKind, string> = {
  see: '查阅',
  correct: '更正',
  withdraw: '撤回',
}

/**
 * What the official did: answered (for 查阅, or a request refused with its reason), corrected the signer's name, or
 * withdrew the pledge (it stops counting; the signature image and the name are erased).
 */
export const DATA_REQUEST_DECISIONS = ['answered', 'corrected', 'withdrawn'] as const
export type DataRequestDecision = (typeof DATA_REQUEST_DECISIONS)[number]

export const DATA_REQUEST_DECISION_LABELS: Record<DataRequestDecision, string> = {
  answered: '已答复',
  corrected: '已更正',
  withdrawn: '已撤回',
}

/** What stands in for a name or other text that was erased (a withdrawn pledge, a purged campaign). */
export const ERASED_TEXT = '已清除'
