// The typed gateway a caller holds: a Proxy whose every method sends one call. Only names the
// server could serve become calls; `then` is undefined (so awaiting or returning the proxy from an
// async function does not call the peer), and names of Object.prototype behave as on `{}`.
// Flink: the dynamic proxy PekkoInvocationHandler builds for an RpcGateway interface.
import { captureCallSite } from './pending-calls.js'

/** Sends one call and resolves with its result; `callSite` is the caller's stack frames. */
export type RpcInvoker = (method: string, args: unknown[], callSite: string) => Promise<unknown>

export function createGatewayProxy<G extends object>(invoke: RpcInvoker): G {
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>()
  return new Proxy({} as G, {
    get(target, property, receiver) {
      if (typeof property !== 'string' || property in Object.prototype) {
        return Reflect.get(target, property, receiver) as unknown
      }
      if (property === 'then') return undefined
      let method = methods.get(property)
      if (method === undefined) {
        const name = property
        method = function rpcCall(...args: unknown[]): Promise<unknown> {
          return invoke(name, args, captureCallSite(rpcCall))
        }
        methods.set(name, method)
      }
      return method
    },
  })
}
