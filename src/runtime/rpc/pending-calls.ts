// The caller side of one connection: the calls awaiting their replies, by request id, each with
// its timeout. Every call settles exactly once: by its reply, its timeout, or the connection's
// end; whatever comes later for it is ignored. Errors carry the caller's stack, not the stack of
// the socket handler that settled them.
import { asError } from '../../core/errors.js'
import type { RpcResponse } from './rpc-codec.js'
import { fromRemoteErrorData, RpcTimeoutError, type RpcCallTarget } from './rpc-errors.js'

interface PendingCall {
  readonly target: RpcCallTarget
  readonly callSite: string
  readonly timer: NodeJS.Timeout
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
}

export class PendingCalls {
  readonly #calls = new Map<number, PendingCall>()
  /** Called when the count goes from 0 to 1 and back, so a transport can ref/unref its socket. */
  readonly #onBusyChange: (isBusy: boolean) => void
  #nextId = 0

  constructor(onBusyChange: (isBusy: boolean) => void = () => {}) {
    this.#onBusyChange = onBusyChange
  }

  /**
   * Registers a call; `send` gets its request id and sends it (throwing rejects the call). The
   * promise settles through `complete`, `rejectAll` or the timeout. `callSite` is the caller's
   * stack (its frames, without a header line).
   */
  add(
    target: RpcCallTarget,
    timeoutMs: number,
    callSite: string,
    send: (id: number) => void,
  ): Promise<unknown> {
    const id = this.#nextId++
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id)?.reject(withCallSite(new RpcTimeoutError(target, timeoutMs), callSite))
      }, timeoutMs)
      // A forgotten call must not keep the process alive; the connection's socket does while
      // calls are pending.
      timer.unref()
      this.#calls.set(id, { target, callSite, timer, resolve, reject })
      if (this.#calls.size === 1) this.#onBusyChange(true)
      try {
        send(id)
      } catch (e: unknown) {
        this.#settle(id)?.reject(withCallSite(asError(e), callSite))
      }
    })
  }

  /** Settles the call the response answers; a response for no pending call is ignored. */
  complete(response: RpcResponse): void {
    const call = this.#settle(response.id)
    if (call === undefined) return // its timeout fired already, or the id was never sent
    if (response.ok) call.resolve(response.value)
    else call.reject(withCallSite(fromRemoteErrorData(response.error, call.target), call.callSite))
  }

  /** Rejects every pending call with the error made for it. */
  rejectAll(makeError: (target: RpcCallTarget) => Error): void {
    for (const id of [...this.#calls.keys()]) {
      const call = this.#settle(id)!
      call.reject(withCallSite(makeError(call.target), call.callSite))
    }
  }

  #settle(id: number): PendingCall | undefined {
    const call = this.#calls.get(id)
    if (call === undefined) return undefined
    this.#calls.delete(id)
    clearTimeout(call.timer)
    if (this.#calls.size === 0) this.#onBusyChange(false)
    return call
  }
}

/** The caller's stack frames, without a header line; `below` and the frames it called are left out. */
export function captureCallSite(below: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {}
  Error.captureStackTrace(holder, below)
  const stack = holder.stack ?? ''
  const firstFrame = stack.indexOf('\n')
  return firstFrame < 0 ? '' : stack.slice(firstFrame + 1)
}

function withCallSite<E extends Error>(error: E, callSite: string): E {
  if (callSite !== '') error.stack = `${error.name}: ${error.message}\n${callSite}`
  return error
}
