// Every option Eddy declares, in one list: user configuration is validated against it and the
// configuration docs are generated from it. Add a new *Options file here.
import type { AnyConfigOption } from './config-option.js'
import { CheckpointingOptions } from './checkpointing-options.js'
import { CoreOptions } from './core-options.js'
import { ExecutionOptions } from './execution-options.js'
import { HeartbeatManagerOptions } from './heartbeat-manager-options.js'
import { JobManagerOptions } from './job-manager-options.js'
import { NettyShuffleEnvironmentOptions } from './netty-shuffle-environment-options.js'
import { OptionRegistry } from './option-registry.js'
import { PipelineOptions } from './pipeline-options.js'
import { RestOptions } from './rest-options.js'
import { RestartStrategyOptions } from './restart-strategy-options.js'
import { RpcOptions } from './rpc-options.js'
import { SavepointConfigOptions } from './savepoint-config-options.js'
import { TaskManagerOptions } from './task-manager-options.js'
import { WebOptions } from './web-options.js'

/** The option classes, by Flink class name (for docs sections). */
export const OPTION_CLASSES: Readonly<Record<string, Readonly<Record<string, AnyConfigOption>>>> =
  Object.freeze({
    CoreOptions,
    PipelineOptions,
    ExecutionOptions,
    CheckpointingOptions,
    SavepointConfigOptions,
    RestartStrategyOptions,
    TaskManagerOptions,
    NettyShuffleEnvironmentOptions,
    JobManagerOptions,
    HeartbeatManagerOptions,
    RestOptions,
    WebOptions,
    RpcOptions,
  })

/** Every declared option. */
export const ALL_OPTIONS: readonly AnyConfigOption[] = Object.freeze(
  Object.values(OPTION_CLASSES).flatMap((options) => Object.values(options)),
)

/** The registry `Configuration.fromMap` and `loadConfiguration` validate against by default. */
export const DEFAULT_OPTION_REGISTRY = new OptionRegistry(ALL_OPTIONS)
