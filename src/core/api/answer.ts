// What the app checks of a successful answer. The server checks every answer against its endpoint's schema before
// sending it (the serializer in server/src/app.ts), and the app's bundles carry the contract without its schemas
// (config/client-api-table.ts), so the app checks only that the answer is the server's JSON — not a captive
// portal's page or a proxy's error text — and that the lists it walks are lists.
import type { EndpointDef, ResponseOf } from './endpoint'

export function answerOf<E extends EndpointDef>(_ep: E, body: unknown, ...lists: string[]): ResponseOf<E> | null {
  if (body === null || typeof body !== 'object') return null
  const fields = body as Record<string, unknown>
  return lists.every((k) => Array.isArray(fields[k])) ? (body as ResponseOf<E>) : null
}
