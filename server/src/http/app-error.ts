// The one error type routes throw; the error handler turns it into { error: { code, message } }.
import { ERRORS, type ErrorCode } from '@core/errors'

export class AppError extends Error {
  readonly status: number

  constructor(readonly code: ErrorCode, message?: string, readonly details?: unknown) {
    super(message ?? ERRORS[code].message)
    this.status = ERRORS[code].status
  }
}
