// Rolls a part file once it is larger than a size, older than an interval, or inactive for an
// interval (the last two checked at each bucket check). Flink's defaults: 128 MiB, 60 s, 60 s.
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy.
import { InvalidProgramError } from '../../core/errors.js'
import type { PartFileInfo, RollingPolicy } from './rolling-policy.js'

const DEFAULT_MAX_PART_SIZE = 128 * 1024 * 1024
const DEFAULT_ROLLOVER_INTERVAL = 60_000
const DEFAULT_INACTIVITY_INTERVAL = 60_000

/**
 * @public
 * @example
 * DefaultRollingPolicy.builder()
 *   .withRolloverInterval(15 * 60_000)
 *   .withInactivityInterval(5 * 60_000)
 *   .withMaxPartSize(1024 * 1024 * 1024)
 *   .build()
 */
export class DefaultRollingPolicy<IN> implements RollingPolicy<IN> {
  private readonly partSize: number
  private readonly rolloverInterval: number
  private readonly inactivityInterval: number

  /** Prefer `DefaultRollingPolicy.builder()`; arguments are bytes, ms and ms. */
  constructor(
    partSize = DEFAULT_MAX_PART_SIZE,
    rolloverInterval = DEFAULT_ROLLOVER_INTERVAL,
    inactivityInterval = DEFAULT_INACTIVITY_INTERVAL,
  ) {
    this.partSize = positive('maxPartSize', partSize)
    this.rolloverInterval = positive('rolloverInterval', rolloverInterval)
    this.inactivityInterval = positive('inactivityInterval', inactivityInterval)
  }

  static builder(): DefaultRollingPolicyBuilder {
    return new DefaultRollingPolicyBuilder()
  }

  shouldRollOnEvent(partFileState: PartFileInfo): boolean {
    return partFileState.getSize() > this.partSize
  }

  shouldRollOnProcessingTime(partFileState: PartFileInfo, currentTime: number): boolean {
    return (
      currentTime - partFileState.getCreationTime() >= this.rolloverInterval ||
      currentTime - partFileState.getLastUpdateTime() >= this.inactivityInterval
    )
  }

  getMaxPartSize(): number {
    return this.partSize
  }

  getRolloverInterval(): number {
    return this.rolloverInterval
  }

  getInactivityInterval(): number {
    return this.inactivityInterval
  }
}

/** Flink: DefaultRollingPolicy.PolicyBuilder. */
export class DefaultRollingPolicyBuilder {
  private partSize = DEFAULT_MAX_PART_SIZE
  private rolloverInterval = DEFAULT_ROLLOVER_INTERVAL
  private inactivityInterval = DEFAULT_INACTIVITY_INTERVAL

  /** Roll once a part file holds more than `bytes`. */
  withMaxPartSize(bytes: number): this {
    this.partSize = positive('maxPartSize', bytes)
    return this
  }

  /** Roll a part file `ms` after it was opened. */
  withRolloverInterval(ms: number): this {
    this.rolloverInterval = positive('rolloverInterval', ms)
    return this
  }

  /** Roll a part file that received no record for `ms`. */
  withInactivityInterval(ms: number): this {
    this.inactivityInterval = positive('inactivityInterval', ms)
    return this
  }

  build<IN>(): DefaultRollingPolicy<IN> {
    return new DefaultRollingPolicy<IN>(
      this.partSize,
      this.rolloverInterval,
      this.inactivityInterval,
    )
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0)) {
    throw new InvalidProgramError(`DefaultRollingPolicy ${name} must be positive, got ${value}`, {
      option: name,
    })
  }
  return value
}
