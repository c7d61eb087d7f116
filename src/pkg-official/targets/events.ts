// Told to pages below in the stack (the dashboard) when a target changes here, so they reload their 目标 card.
export const TARGETS_CHANGED = 'fz:targets-changed'
