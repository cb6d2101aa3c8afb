// Options of the RPC system every process of a cluster talks through (DESIGN.md §9).
// Flink: org.apache.flink.configuration.RpcOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const RpcOptions = Object.freeze({
  ASK_TIMEOUT: ConfigOptions.key('pekko.ask.timeout')
    .durationType()
    .defaultValue(10_000)
    .withDeprecatedKeys('akka.ask.timeout')
    .withDescription(
      'How long an RPC call (submitting a task, cancelling a job, ...) waits for its reply ' +
        'before it fails with a timeout.',
    ),
})
