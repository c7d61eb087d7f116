// Every string the API reads goes through one of these, so a NUL or another control character is refused as
// invalid input (400 VALIDATION_FAILED, or a pushed record RECORD_INVALID) instead of reaching the database, where
// PostgreSQL cannot store a NUL in text and answers with an error.
import { z } from 'zod'

// C0 controls, DEL and C1 controls; multi-line text keeps tab and line ends (\n, and
// \r from text pasted on Windows). Matching them is the point here:
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/
const CONTROL_EXCEPT_LINE_AND_TAB = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
/* eslint-enable no-control-regex */
const MESSAGE = '不能含控制字符'

/** A single-line string: no control characters at all. */
export function text() {
  return z.string().refine((s) => !CONTROL.test(s), MESSAGE)
}

/** Free text that may run over several lines (notes, comments, a pledge's text): line ends and tabs allowed. */
export function multilineText() {
  return z.string().refine((s) => !CONTROL_EXCEPT_LINE_AND_TAB.test(s), MESSAGE)
}

/** The string with its control characters dropped, to echo untrusted input back in an answer. */
export function withoutControls(s: string): string {
  return s.replace(new RegExp(CONTROL.source, 'g'), '')
}
