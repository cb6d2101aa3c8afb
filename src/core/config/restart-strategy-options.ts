// Options choosing how a failed job restarts.
// Flink: org.apache.flink.configuration.RestartStrategyOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const RestartStrategyOptions = Object.freeze({
  RESTART_STRATEGY: ConfigOptions.key('restart-strategy.type')
    .enumType([
      'none',
      'off',
      'disable',
      'fixed-delay',
      'fixeddelay',
      'failure-rate',
      'failurerate',
      'exponential-delay',
      'exponentialdelay',
    ])
    .noDefaultValue()
    .withDeprecatedKeys('restart-strategy')
    .withDescription(
      'none (also off, disable), fixed-delay, failure-rate or exponential-delay. Unset means ' +
        'none without checkpointing and exponential-delay with it.',
    ),

  RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS: ConfigOptions.key('restart-strategy.fixed-delay.attempts')
    .intType()
    .defaultValue(1)
    .withDescription('How often fixed-delay restarts a job before it is declared failed.'),

  RESTART_STRATEGY_FIXED_DELAY_DELAY: ConfigOptions.key('restart-strategy.fixed-delay.delay')
    .durationType()
    .defaultValue(1000)
    .withDescription('The delay between two restart attempts of fixed-delay.'),

  RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL: ConfigOptions.key(
    'restart-strategy.failure-rate.max-failures-per-interval',
  )
    .intType()
    .defaultValue(1)
    .withDescription('How many failures failure-rate tolerates within one interval.'),

  RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL: ConfigOptions.key(
    'restart-strategy.failure-rate.failure-rate-interval',
  )
    .durationType()
    .defaultValue(60_000)
    .withDescription('The interval failure-rate counts failures in.'),

  RESTART_STRATEGY_FAILURE_RATE_DELAY: ConfigOptions.key('restart-strategy.failure-rate.delay')
    .durationType()
    .defaultValue(1000)
    .withDescription('The delay between two restart attempts of failure-rate.'),

  RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF: ConfigOptions.key(
    'restart-strategy.exponential-delay.initial-backoff',
  )
    .durationType()
    .defaultValue(1000)
    .withDescription('The first delay of exponential-delay.'),

  RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF: ConfigOptions.key(
    'restart-strategy.exponential-delay.max-backoff',
  )
    .durationType()
    .defaultValue(60_000)
    .withDescription('The longest delay of exponential-delay.'),

  RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER: ConfigOptions.key(
    'restart-strategy.exponential-delay.backoff-multiplier',
  )
    .doubleType()
    .defaultValue(1.5)
    .withDescription('What each failure multiplies the delay of exponential-delay by.'),

  RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD: ConfigOptions.key(
    'restart-strategy.exponential-delay.reset-backoff-threshold',
  )
    .durationType()
    .defaultValue(60 * 60_000)
    .withDescription(
      'After this long without a failure, exponential-delay starts again from the initial delay.',
    ),

  RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR: ConfigOptions.key(
    'restart-strategy.exponential-delay.jitter-factor',
  )
    .doubleType()
    .defaultValue(0.1)
    .withDescription('Each delay of exponential-delay varies by up to this fraction.'),

  RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS: ConfigOptions.key(
    'restart-strategy.exponential-delay.attempts-before-reset-backoff',
  )
    .intType()
    .defaultValue(Number.MAX_SAFE_INTEGER)
    .withDescription('How often exponential-delay restarts before the job is declared failed.'),
})
