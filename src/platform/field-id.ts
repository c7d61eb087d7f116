// Element ids for text fields. Taro's h5 Input/Textarea wrap a real <input>/<textarea>; the id must sit on that
// inner element so labels, autofill and browser tests reach the field itself.

export function fieldId(id: string): { id?: string; nativeProps?: Record<string, unknown> } {
  return process.env.TARO_ENV === 'h5' ? { nativeProps: { id } } : { id }
}
