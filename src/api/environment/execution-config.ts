// Per-job settings a program reads and changes through `env.getConfig()`; backed by the job's
// Configuration. Flink: org.apache.flink.api.common.ExecutionConfig.
import type { Configuration } from '../../core/config/configuration.js'
import { PipelineOptions } from '../../core/config/pipeline-options.js'
import { InvalidProgramError } from '../../core/errors.js'

export class ExecutionConfig {
  private readonly configuration: Configuration
  private parallelism = -1

  constructor(configuration: Configuration) {
    this.configuration = configuration
  }

  /** -1 until set: operators then take the job's default parallelism. */
  getParallelism(): number {
    return this.parallelism
  }

  setParallelism(parallelism: number): this {
    this.parallelism = parallelism
    return this
  }

  getMaxParallelism(): number {
    return this.configuration.get(PipelineOptions.MAX_PARALLELISM)
  }

  setMaxParallelism(maxParallelism: number): this {
    if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > 32768) {
      throw new InvalidProgramError(`Max parallelism must be in [1, 32768], got ${maxParallelism}`)
    }
    this.configuration.set(PipelineOptions.MAX_PARALLELISM, maxParallelism)
    return this
  }

  getAutoWatermarkInterval(): number {
    return this.configuration.get(PipelineOptions.AUTO_WATERMARK_INTERVAL)
  }

  setAutoWatermarkInterval(intervalMs: number): this {
    this.configuration.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, intervalMs)
    return this
  }

  isObjectReuseEnabled(): boolean {
    return this.configuration.get(PipelineOptions.OBJECT_REUSE)
  }

  enableObjectReuse(): this {
    this.configuration.set(PipelineOptions.OBJECT_REUSE, true)
    return this
  }
}
