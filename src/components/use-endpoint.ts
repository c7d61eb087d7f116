// Reads one endpoint for a page: loading, the Chinese error, refresh, and only the newest answer kept, so a slow
// answer to an old filter never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CallInput, EndpointDef, ResponseOf } from '@core/api/endpoint'
import { ApiError, call, messageOf } from '../stores/api'

export interface EndpointState<T> {
  /** The answer to the current input (or, with `keep`, the last answer shown); null until it arrives. */
  data: T | null
  loading: boolean
  /** The Chinese message of the last failure, null while loading or after a success. */
  error: string | null
  /** The last failure itself, for a page that tells cases apart by `code` or `status` (404: nothing set up yet). */
  failure: ApiError | null
  /** Loads again with the same input (the 刷新 button). */
  refresh(): void
  /**
   * Loads with `input` and merges the answer into what is shown (the next page of a list): `merge(prev, next)`.
   * A refresh or a change of input started later wins over it.
   */
  more(input: CallInput<EndpointDef>, merge: (prev: T, next: T) => T): void
  setData(update: (prev: T | null) => T | null): void
}

export interface EndpointOptions {
  /**
   * Keep showing the last answer while the answer to a new input loads (a pager, the week or month shown), instead
   * of nothing; the page's buttons are disabled by `loading` meanwhile.
   */
  keep?: boolean
}

/** Any failure as an ApiError, so pages read one shape. */
function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('CLIENT_ERROR', messageOf(err), 0)
}

/**
 * `input` null waits (no session yet, no area chosen). The input is compared by value, so an object literal
 * written in the render does not reload on every render.
 */
export function useEndpoint<E extends EndpointDef>(ep: E, input: CallInput<E> | null, options: EndpointOptions = {}): EndpointState<ResponseOf<E>> {
  type T = ResponseOf<E>
  const key = input === null ? null : JSON.stringify(input)
  // The answer with the input it answers, so a render right after the input changed never shows the old answer.
  const [shown, setShown] = useState<{ key: string | null; data: T } | null>(null)
  const [loading, setLoading] = useState(input !== null)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const seq = useRef(0)
  const keyRef = useRef(key)
  keyRef.current = key

  const run = useCallback(
    async (args: CallInput<E>, forKey: string | null, apply: (next: T, forKey: string | null) => void) => {
      const mine = ++seq.current
      setLoading(true)
      setFailure(null)
      try {
        const next = await call(ep, args)
        if (mine === seq.current) apply(next, forKey)
      } catch (err) {
        if (mine === seq.current) setFailure(asApiError(err))
      } finally {
        if (mine === seq.current) setLoading(false)
      }
    },
    [ep],
  )

  const replace = useCallback((next: T, forKey: string | null) => setShown({ key: forKey, data: next }), [])

  const refresh = useCallback(() => {
    if (key !== null) void run(JSON.parse(key) as CallInput<E>, key, replace)
  }, [key, run, replace])

  useEffect(() => {
    if (key === null) {
      seq.current++
      setLoading(false)
      return
    }
    refresh()
  }, [key, refresh])

  const more = useCallback(
    (args: CallInput<EndpointDef>, merge: (prev: T, next: T) => T) =>
      void run(args as CallInput<E>, keyRef.current, (next, forKey) =>
        setShown((prev) => ({ key: forKey, data: prev && prev.key === forKey ? merge(prev.data, next) : next })),
      ),
    [run],
  )

  const setData = useCallback((update: (prev: T | null) => T | null) => {
    setShown((prev) => {
      const next = update(prev && prev.key === keyRef.current ? prev.data : null)
      return next === null ? null : { key: keyRef.current, data: next }
    })
  }, [])

  const data = shown && (options.keep || shown.key === key) ? shown.data : null
  return { data, loading, error: failure?.message ?? null, failure, refresh, more, setData }
}
