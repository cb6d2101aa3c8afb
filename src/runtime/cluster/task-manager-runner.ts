// A TaskManager process's services: its RPC service, the data (shuffle) server and the
// TaskExecutor, registered at the JobManager's ResourceManager.
// Flink: org.apache.flink.runtime.taskexecutor.TaskManagerRunner.
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import type { Configuration } from '../../core/config/configuration.js'
import { HeartbeatManagerOptions } from '../../core/config/heartbeat-manager-options.js'
import { JobManagerOptions } from '../../core/config/job-manager-options.js'
import { RpcOptions } from '../../core/config/rpc-options.js'
import { TaskManagerOptions } from '../../core/config/task-manager-options.js'
import { ConfigError } from '../../core/errors.js'
import type { Logger } from '../../core/logging/logger.js'
import { SystemClock, type Clock } from '../../core/time/clock.js'
import { ShuffleEnvironment } from '../network/shuffle-environment.js'
import { TcpRpcService } from '../rpc/tcp-rpc-service.js'
import { BundleDirectory } from './program-replay.js'
import { TaskExecutor } from './task-executor.js'
import { createWorkDirectory } from './work-directory.js'

export class TaskManagerRunner {
  readonly taskExecutor: TaskExecutor
  private readonly rpc: TcpRpcService
  private readonly shuffle: ShuffleEnvironment
  private readonly workDir: string

  private constructor(
    taskExecutor: TaskExecutor,
    rpc: TcpRpcService,
    shuffle: ShuffleEnvironment,
    workDir: string,
  ) {
    this.taskExecutor = taskExecutor
    this.rpc = rpc
    this.shuffle = shuffle
    this.workDir = workDir
  }

  static async start(
    configuration: Configuration,
    log: Logger,
    clock: Clock = SystemClock.INSTANCE,
  ): Promise<TaskManagerRunner> {
    const jobManagerHost = configuration.getOptional(JobManagerOptions.ADDRESS)
    if (jobManagerHost === undefined) {
      throw new ConfigError(
        "A TaskManager needs the JobManager's address: set jobmanager.rpc.address",
        'jobmanager.rpc.address',
      )
    }
    const host = configuration.get(TaskManagerOptions.HOST)
    const slots = configuration.get(TaskManagerOptions.NUM_TASK_SLOTS)
    if (slots < 1) {
      throw new ConfigError(
        `taskmanager.numberOfTaskSlots must be at least 1, got ${slots}`,
        'taskmanager.numberOfTaskSlots',
      )
    }
    const rpc = await TcpRpcService.start({
      host,
      port: configuration.get(TaskManagerOptions.RPC_PORT),
      askTimeoutMs: configuration.get(RpcOptions.ASK_TIMEOUT),
      onError: (message) => log.warn({}, message),
    })
    const shuffle = await ShuffleEnvironment.start({
      host,
      port: configuration.get(TaskManagerOptions.DATA_PORT),
      // A peer resetting its connection is how TaskManagers stop; bad frames deserve a warning.
      onError: (message) =>
        message.includes('ECONNRESET') ? log.debug({}, message) : log.warn({}, message),
    })
    const resourceId =
      configuration.getOptional(TaskManagerOptions.RESOURCE_ID) ??
      `${rpc.address}-${randomBytes(3).toString('hex')}`
    const workDir = createWorkDirectory('eddy-taskmanager')
    const taskExecutor = new TaskExecutor({
      resourceId,
      rpc,
      shuffle,
      numberOfSlots: slots,
      bundles: new BundleDirectory(workDir),
      clock,
      log: log.child({ resourceId }),
      heartbeatTimeoutMs: configuration.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT),
      hardware: { cpuCores: availableParallelism(), physicalMemory: totalmem() },
    })
    const runner = new TaskManagerRunner(taskExecutor, rpc, shuffle, workDir)
    const jobManager = `${jobManagerHost}:${configuration.get(JobManagerOptions.PORT)}`
    log.info(
      { resourceId, rpc: rpc.address, data: shuffle.dataAddress, jobManager },
      'TaskManager started',
    )
    await taskExecutor.connectToResourceManager(jobManager)
    return runner
  }

  async close(): Promise<void> {
    await this.taskExecutor.close()
    await this.rpc.close()
    await this.shuffle.close()
    rmSync(this.workDir, { recursive: true, force: true })
  }
}
