// Told to pages below in the stack (the dashboard) when a review decision changed which records count here.
export const REVIEW_CHANGED = 'fz:review-changed'
