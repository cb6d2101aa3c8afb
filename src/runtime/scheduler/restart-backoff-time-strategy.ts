// Whether a failed job may restart, and after how long: Flink's restart strategies with their
// keys and defaults. Unset, a job that checkpoints uses exponential-delay and one that does not
// is not restarted. Flink: RestartBackoffTimeStrategy and its factories (FixedDelay, FailureRate,
// ExponentialDelay, NoRestart).
import { isCheckpointingEnabled } from '../../core/config/checkpointing-options.js'
import type { Configuration } from '../../core/config/configuration.js'
import { RestartStrategyOptions as R } from '../../core/config/restart-strategy-options.js'
import { EddyError } from '../../core/errors.js'

export interface RestartBackoffTimeStrategy {
  /** Records a failure at `now` (epoch ms). */
  notifyFailure(now: number): void
  /** Whether the job may restart after the failures recorded so far. */
  canRestart(): boolean
  /** How long to wait before restarting, ms. */
  getBackoffTime(): number
  /** As shown in logs and errors, e.g. "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=1000)". */
  toString(): string
}

class NoRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  notifyFailure(): void {}
  canRestart(): boolean {
    return false
  }
  getBackoffTime(): number {
    return 0
  }
  toString(): string {
    return 'NoRestartBackoffTimeStrategy'
  }
}

export class FixedDelayRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  private attempts = 0
  private readonly maxAttempts: number
  private readonly delayMs: number
  constructor(maxAttempts: number, delayMs: number) {
    this.maxAttempts = maxAttempts
    this.delayMs = delayMs
  }
  notifyFailure(): void {
    this.attempts++
  }
  canRestart(): boolean {
    return this.attempts <= this.maxAttempts
  }
  getBackoffTime(): number {
    return this.delayMs
  }
  toString(): string {
    return `FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=${this.maxAttempts}, backoffTimeMS=${this.delayMs})`
  }
}

export class FailureRateRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  private readonly failures: number[] = []
  private readonly maxFailuresPerInterval: number
  private readonly intervalMs: number
  private readonly delayMs: number
  constructor(maxFailuresPerInterval: number, intervalMs: number, delayMs: number) {
    this.maxFailuresPerInterval = maxFailuresPerInterval
    this.intervalMs = intervalMs
    this.delayMs = delayMs
  }
  notifyFailure(now: number): void {
    this.failures.push(now)
    while (this.failures.length > 0 && now - this.failures[0]! > this.intervalMs) {
      this.failures.shift()
    }
  }
  canRestart(): boolean {
    return this.failures.length <= this.maxFailuresPerInterval
  }
  getBackoffTime(): number {
    return this.delayMs
  }
  toString(): string {
    return `FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=${this.intervalMs}, backoffTimeMS=${this.delayMs}, maxFailuresPerInterval=${this.maxFailuresPerInterval})`
  }
}

export interface ExponentialDelaySettings {
  readonly initialBackoffMs: number
  readonly maxBackoffMs: number
  readonly multiplier: number
  readonly resetThresholdMs: number
  readonly jitterFactor: number
  readonly attemptsBeforeReset: number
  /** Random numbers in [0, 1) for the jitter; tests fix it. */
  readonly random?: () => number
}

export class ExponentialDelayRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  private readonly s: ExponentialDelaySettings
  private backoff: number
  private lastFailure = Number.NEGATIVE_INFINITY
  private attempts = 0
  private current = 0

  constructor(settings: ExponentialDelaySettings) {
    this.s = settings
    this.backoff = settings.initialBackoffMs
  }

  notifyFailure(now: number): void {
    if (now - this.lastFailure >= this.s.resetThresholdMs) {
      this.backoff = this.s.initialBackoffMs
      this.attempts = 0
    } else {
      this.backoff = Math.min(this.backoff * this.s.multiplier, this.s.maxBackoffMs)
    }
    this.attempts++
    this.lastFailure = now
    const random = this.s.random ?? Math.random
    const jitter = this.backoff * this.s.jitterFactor * (2 * random() - 1)
    this.current = Math.max(0, Math.round(this.backoff + jitter))
  }

  canRestart(): boolean {
    return this.attempts <= this.s.attemptsBeforeReset
  }

  getBackoffTime(): number {
    return this.current
  }

  toString(): string {
    return `ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=${this.s.initialBackoffMs}, maxBackoffMS=${this.s.maxBackoffMs}, backoffMultiplier=${this.s.multiplier}, resetBackoffThresholdMS=${this.s.resetThresholdMs}, jitterFactor=${this.s.jitterFactor}, attemptsBeforeResetBackoff=${this.s.attemptsBeforeReset})`
  }
}

/** The strategy `configuration` asks for. */
export function createRestartBackoffTimeStrategy(
  configuration: Configuration,
): RestartBackoffTimeStrategy {
  const type =
    configuration.getOptional(R.RESTART_STRATEGY) ??
    (isCheckpointingEnabled(configuration) ? 'exponential-delay' : 'none')
  switch (type) {
    case 'none':
    case 'off':
    case 'disable':
      return new NoRestartBackoffTimeStrategy()
    case 'fixed-delay':
    case 'fixeddelay':
      return new FixedDelayRestartBackoffTimeStrategy(
        configuration.get(R.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS),
        configuration.get(R.RESTART_STRATEGY_FIXED_DELAY_DELAY),
      )
    case 'failure-rate':
    case 'failurerate':
      return new FailureRateRestartBackoffTimeStrategy(
        configuration.get(R.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
        configuration.get(R.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL),
        configuration.get(R.RESTART_STRATEGY_FAILURE_RATE_DELAY),
      )
    case 'exponential-delay':
    case 'exponentialdelay':
      return new ExponentialDelayRestartBackoffTimeStrategy({
        initialBackoffMs: configuration.get(R.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF),
        maxBackoffMs: configuration.get(R.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF),
        multiplier: configuration.get(R.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
        resetThresholdMs: configuration.get(
          R.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        ),
        jitterFactor: configuration.get(R.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR),
        attemptsBeforeReset: configuration.get(R.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS),
      })
  }
}

/**
 * Whether a failure at `nowMs` may restart the job: never for an error no restart can fix (a
 * NonRecoverableError, Flink's SuppressRestartsException), else as the strategy says, which
 * counts the failure. Without a strategy, never.
 */
export function mayRestartAfter(
  strategy: RestartBackoffTimeStrategy | undefined,
  error: unknown,
  nowMs: number,
): boolean {
  if (strategy === undefined) return false
  if (error instanceof EddyError && error.failureType === 'NonRecoverableError') return false
  strategy.notifyFailure(nowMs)
  return strategy.canRestart()
}
