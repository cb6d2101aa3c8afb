// The RPC system's one interface: serve endpoints under ids, call other endpoints through typed
// gateway proxies. Implementations: TcpRpcService (between processes), LocalRpcService (in one).
// Flink: org.apache.flink.runtime.rpc.RpcService, RpcEndpoint, FencedRpcEndpoint, RpcGateway.

/** How an endpoint is served. */
export interface EndpointOptions {
  /**
   * The endpoint's current fencing token (Flink's leader session id), read on every call. While it
   * returns a token, calls whose token differs, or that carry none, are rejected with
   * FencingTokenMismatchError; while it returns undefined, every call is accepted.
   */
  readonly fencingToken?: () => string | undefined
}

/** How a gateway proxy calls. */
export interface ConnectOptions {
  /** Sent with every call, for fenced endpoints. */
  readonly fencingToken?: string
  /** Per-call timeout; defaults to the service's ask timeout (`pekko.ask.timeout`). */
  readonly timeoutMs?: number
}

/**
 * Serves the methods of endpoint objects to other processes and calls theirs.
 *
 * Contract:
 * - A served method is a function found on the endpoint or its prototype chain, but never a name
 *   of `Object.prototype` (`constructor`, `toString`, `__proto__`, ...). It is called with the
 *   endpoint as `this`; a value or a promise may be returned. Arguments and results are plain data
 *   (see rpc-codec.ts for what round-trips).
 * - A call resolves with the method's result, or rejects with RemoteError (the method threw or
 *   rejected, or endpoint or method are unknown), FencingTokenMismatchError, RpcTimeoutError or
 *   RpcConnectionError. A reply arriving after the timeout is ignored.
 * - Calls from one proxy may run concurrently on the server; no ordering between them is
 *   guaranteed beyond the order in which the server starts them (the order they were sent).
 * - After `close()` resolves, no socket or timer of the service remains and every pending call
 *   has been rejected.
 *
 * @example
 * const rpc = await TcpRpcService.start({ host: '127.0.0.1', port: 0 })
 * rpc.registerEndpoint('taskmanager_0', taskExecutor)
 * const tm = rpc.connect<TaskExecutorGateway>(rpc.address, 'taskmanager_0')
 * const heartbeat = await tm.heartbeat()
 */
export interface RpcService {
  /** 'host:port' of this service's TCP server, or 'local://<name>' for the in-process one. */
  readonly address: string

  /**
   * Serves the methods of `endpoint` under `endpointId`, replacing what was served there. Calls
   * are rejected with FencingTokenMismatchError when `options.fencingToken` returns a token and
   * the caller's token differs (a call without a token to a fenced endpoint is rejected too).
   */
  registerEndpoint(endpointId: string, endpoint: object, options?: EndpointOptions): void

  /** Stops serving `endpointId`; later calls fail with remote code 'rpc.unknown-endpoint'. */
  unregisterEndpoint(endpointId: string): void

  /**
   * A typed proxy: each method call sends a request and resolves with the reply. Synchronous; the
   * connection is opened lazily and shared per target address; a broken connection is re-opened
   * on the next call. The proxy's `then` is undefined, so it can be returned from an async
   * function.
   */
  connect<G extends object>(address: string, endpointId: string, options?: ConnectOptions): G

  /** Stops serving, rejects pending calls with RpcConnectionError and closes every connection. */
  close(): Promise<void>
}
