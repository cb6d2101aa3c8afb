// The error a remote input channel fails with, and so its consuming task: the connection to the
// producer TaskManager was lost, or the producer refused or cancelled the subpartition.
// Flink: RemoteTransportException, LocalTransportException, PartitionNotFoundException.
import { EddyError } from '../../core/errors.js'

/**
 * `network.connection-lost`: the TCP connection broke (producer TaskManager gone, refused, or
 * the peer sent bytes we cannot decode). `network.remote-error`: the producer sent an ERROR
 * frame (subpartition released, already consumed, too large a buffer).
 */
export type RemoteChannelErrorCode = 'network.connection-lost' | 'network.remote-error'

export class RemoteChannelError extends EddyError {
  readonly producerAddress: string

  constructor(
    code: RemoteChannelErrorCode,
    message: string,
    context: { producerAddress: string; channelKey?: string },
    cause?: unknown,
  ) {
    super(message, {
      code,
      domain: code === 'network.connection-lost' ? 'external' : 'internal',
      // The consumer cannot go on without the producer's data: failover restarts the producer.
      failureType: 'PartitionDataMissingError',
      context,
      cause,
    })
    this.producerAddress = context.producerAddress
  }
}
