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
})
