// Media (photos, screenshots, signatures): content-addressed by SHA-256, uploaded apart from the records naming them.
import { text } from './text'

export const Sha256Schema = text().regex(/^[0-9a-f]{64}$/, '不是有效的文件指纹（SHA-256）')

export { MEDIA_TYPES, MEDIA_MAX_BYTES, MEDIA_MIN_SHORT_SIDE, MEDIA_TARGET_BYTES, type MediaType } from '../media/limits'
