// A person's name and mobile number as accounts take them (first-run setup and staff).
import { z } from 'zod'
import { text } from './text'

export const PersonName = text().trim().min(1, '请填写姓名').max(40)
/**
 * Staff sign in with WeChat on their own phone: a mobile number, stored as its 11 digits (`+86 138-1234 5678` →
 * 13812345678), the form the staff import matches people by.
 */
export const Mobile = z
  .string()
  .transform((v) => v.normalize('NFKC').replace(/[\s()-]/g, '').replace(/^(\+?86|0086)(?=1\d{10}$)/, ''))
  .pipe(text().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号'))
