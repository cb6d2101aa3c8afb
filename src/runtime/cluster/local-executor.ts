// The in-process PipelineExecutor: translates the pipeline (StreamGraph → JobGraph with chaining)
// and runs it on a MiniCluster in this process. Registered by `src/index.ts`.
// Flink: org.apache.flink.client.deployment.executors.LocalExecutor.
import type { JobClient } from '../../api/execution/job-client.js'
import type { Pipeline, PipelineExecutor } from '../../api/execution/pipeline-executor.js'
import { generateStreamGraph } from '../../graph/stream-graph-generator.js'
import { createJobGraph } from '../../graph/streaming-job-graph-generator.js'
import { MiniCluster } from './mini-cluster.js'

export class LocalExecutor implements PipelineExecutor {
  execute(pipeline: Pipeline): Promise<JobClient> {
    try {
      const jobGraph = createJobGraph(generateStreamGraph(pipeline))
      const cluster = new MiniCluster({ configuration: pipeline.configuration })
      return cluster.submitJob(jobGraph)
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)))
    }
  }
}
