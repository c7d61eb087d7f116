// Reads one endpoint for a page: loading, the Chinese error, refresh, and only the newest answer kept, so a slow
// answer to an old filter never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CallInput, EndpointDef, ResponseOf } from '@core/api'
import { call, messageOf } from '../stores/api'

export interface EndpointState<T> {
  data: T | null
  loading: boolean
  error: string | null
  /** Loads again with the same input (the 刷新 button). */
  refresh(): void
  /**
   * Loads with `input` and merges the answer into what is shown (the next page of a list): `merge(prev, next)`.
   * A refresh or a change of input started later wins over it.
   */
  more(input: CallInput<EndpointDef>, merge: (prev: T, next: T) => T): void
  setData(update: (prev: T | null) => T | null): void
}

/**
 * `input` null waits (no session yet, no area chosen). The input is compared by value, so an object literal
 * written in the render does not reload on every render.
 */
export function useEndpoint<E extends EndpointDef>(ep: E, input: CallInput<E> | null): EndpointState<ResponseOf<E>> {
  type T = ResponseOf<E>
  const [data, setData] = useState<T | null>(null)
  const [loading, setLoading] = useState(input !== null)
  const [error, setError] = useState<string | null>(null)
  const seq = useRef(0)
  const key = input === null ? null : JSON.stringify(input)

  const run = useCallback(
    async (args: CallInput<E>, apply: (next: T) => void) => {
      const mine = ++seq.current
      setLoading(true)
      setError(null)
      try {
        const next = await call(ep, args)
        if (mine === seq.current) apply(next)
      } catch (err) {
        if (mine === seq.current) setError(messageOf(err))
      } finally {
        if (mine === seq.current) setLoading(false)
      }
    },
    [ep],
  )

  const refresh = useCallback(() => {
    if (key !== null) void run(JSON.parse(key) as CallInput<E>, setData)
  }, [key, run])

  useEffect(() => {
    if (key === null) {
      seq.current++
      setLoading(false)
      return
    }
    setData(null)
    refresh()
  }, [key, refresh])

  const more = useCallback(
    (args: CallInput<EndpointDef>, merge: (prev: T, next: T) => T) =>
      void run(args as CallInput<E>, (next) => setData((prev) => (prev ? merge(prev, next) : next))),
    [run],
  )

  return { data, loading, error, refresh, more, setData }
}
