// A clock that re-renders every `ms`, for relative times such as "5分钟前".
import { useEffect, useState } from 'react'

export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}
