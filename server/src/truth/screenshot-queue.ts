// The near-duplicate screenshot check runs behind the requests that bring screenshots, one job at a time per
// process, so a push or an upload never waits for image work. A job lost to a restart is found again: the queue
// starts with a sweep of install screenshots that have no print yet.
import type { FastifyBaseLogger } from 'fastify'
import { checkScreenshots, checkUnprinted, type ScreenshotCheckDeps } from './screenshot-check'

declare module 'fastify' {
  interface FastifyInstance {
    screenshots: ScreenshotQueue
  }
}

export class ScreenshotQueue {
  private tail: Promise<void> = Promise.resolve()

  constructor(
    private readonly deps: ScreenshotCheckDeps,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The screenshots of the install records a push stored, or one file just uploaded. */
  add(shas: string[]): void {
    if (shas.length) this.run(() => checkScreenshots(this.deps, shas))
  }

  sweep(): void {
    this.run(() => checkUnprinted(this.deps))
  }

  /** Resolves once every job added so far has finished (tests; shutdown). */
  idle(): Promise<void> {
    return this.tail
  }

  private run(job: () => Promise<void>): void {
    // A failed check only means fewer flags; the records and files are stored already.
    this.tail = this.tail.then(job).catch((err: Error) => this.log.warn({ err }, 'screenshot check failed'))
  }
}
