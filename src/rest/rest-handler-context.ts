// What the handlers of one REST endpoint share. Handlers may be called concurrently; they hold no
// state of their own and ask the Dispatcher for everything they serve.
import type { Clock } from '../core/time/clock.js'
import type { DispatcherGateway } from '../runtime/common/gateways.js'

/** Where the endpoint logs; the process entry point decides the format. */
export type RestLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: object) => void

export interface RestHandlerContext {
  readonly dispatcher: DispatcherGateway
  /** Time for `now` and timestamps in replies. */
  readonly clock: Clock
  readonly log: RestLog
}
