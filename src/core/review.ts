// Review states of a field record: 已接收 (no flag, counted without anyone touching it) → 待核查 (flagged, counted
// until decided) → 已核实 / 不属实 (stops counting everywhere at once). Every change is one more history event.
export const REVIEW_STATES = ['accepted', 'flagged', 'verified', 'false'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  accepted: '已接收',
  flagged: '待核查',
  verified: '已核实',
  false: '不属实',
}

/** What an official decides on a record; an undo returns it to the state before the last decision. */
export const REVIEW_DECISIONS = ['verified', 'false'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

/** The state a record gets when flags arrive: a decision already taken stands. */
export function stateAfterFlag(current: ReviewState): ReviewState {
  return current === 'accepted' ? 'flagged' : current
}
