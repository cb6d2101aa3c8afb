// The consumer end of one subpartition, as an InputGate reads it: a LocalChannel in the same
// process, a RemoteInputChannel over TCP. Both follow the same credit rules (DESIGN.md §5).
// Flink: org.apache.flink.runtime.io.network.partition.consumer.InputChannel.

/**
 * Buffers of one producer subpartition, in order. Called only from the consuming task (one
 * thread, the mailbox loop); the channel is filled by its producer or by the network.
 */
export interface InputChannel {
  /**
   * Registers the one listener (the gate). It is called when the channel goes from empty to
   * non-empty, and when it fails; at once if it already has something to poll.
   */
  setConsumerListener(listener: () => void): void
  /** The number of buffers `poll` would return now (a failed channel counts one, its error). */
  size(): number
  /**
   * The next buffer, or null when none is there yet. Taking a buffer frees a slot: that is the
   * credit the producer gets back. A failed channel first returns what it had received, then
   * throws its error (a RemoteChannelError) on every call.
   */
  poll(): Uint8Array | null
  /** The buffer `index` places behind the next one `poll` returns, left in place; or null. */
  peek(index: number): Uint8Array | null
}
