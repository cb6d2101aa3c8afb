// Rolls only at checkpoints (which the FileSink does anyway): one part file per bucket per
// checkpoint interval, whatever its size or age.
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy.
import type { RollingPolicy } from './rolling-policy.js'

/**
 * @public
 * @example
 * FileSink.forRowFormat(dir, new SimpleStringEncoder()).withRollingPolicy(OnCheckpointRollingPolicy.build())
 */
export class OnCheckpointRollingPolicy<IN> implements RollingPolicy<IN> {
  private constructor() {}

  static build<IN>(): OnCheckpointRollingPolicy<IN> {
    return new OnCheckpointRollingPolicy<IN>()
  }

  shouldRollOnEvent(): boolean {
    return false
  }

  shouldRollOnProcessingTime(): boolean {
    return false
  }
}
