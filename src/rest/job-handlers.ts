// The REST handlers under `/jobs`: listing, submission, cancellation, and one job's details,
// plan, exceptions and per-vertex details, metrics and back pressure. Ids in the path are checked
// here (Flink parses them as JobID/JobVertexID), so the Dispatcher sees only well-formed ones.
// Flink: JobIdsHandler, JobsOverviewHandler, JobSubmitHandler, JobCancellationHandler,
// JobDetailsHandler, JobPlanHandler, JobExceptionsHandler, JobVertexDetailsHandler,
// JobVertexMetricsHandler, JobVertexBackPressureHandler.
import type {
  CheckpointConfigInfo,
  CheckpointStatisticsInfo,
  CheckpointingStatisticsInfo,
  SavepointStatusInfo,
} from '../runtime/common/cluster-info.js'
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'
import type {
  JobExceptionsInfo,
  JobSubmission,
  JobVertexDetailsInfo,
} from '../runtime/common/cluster-info.js'
import {
  jobVertexBackPressureInfo,
  type JobVertexBackPressureInfo,
} from './job-vertex-back-pressure-info.js'
import { metricsResponse, jobVertexMetrics, jobVertexWatermarks } from './job-vertex-metrics.js'
import { checkBase64, HEX_ID_PATTERN, JOB_SUBMISSION_SCHEMA } from './job-submit-request-body.js'
import type { RestHandlerContext } from './rest-handler-context.js'
import { RestHandlerException } from './rest-handler-exception.js'
import type {
  JobDetailsResponseBody,
  JobIdsWithStatusOverview,
  JobPlanInfo,
  JobStatusInfo,
  JobSubmitResponseBody,
  Metric,
  MultipleJobsDetails,
  VertexDetailsResponseBody,
} from './rest-messages.js'

type JobParams = { Params: { jobid: string } }
type VertexParams = { Params: { jobid: string; vertexid: string } }

export function registerJobHandlers(app: FastifyInstance, context: RestHandlerContext): void {
  const { dispatcher, clock, log } = context

  const requestVertex = async (params: VertexParams['Params']): Promise<JobVertexDetailsInfo> => {
    const jobId = parseId(params.jobid, 'job id', 'JobID')
    const vertexId = parseId(params.vertexid, 'vertex id', 'JobVertexID')
    const job = await dispatcher.requestJob(jobId)
    const vertex = job.vertices.find((v) => v.id === vertexId)
    if (vertex === undefined) {
      throw new RestHandlerException(`No vertex with ID '${vertexId}' exists in job ${jobId}`, 404)
    }
    return vertex
  }

  app.get('/jobs', async (): Promise<JobIdsWithStatusOverview> => {
    const jobs = await dispatcher.requestJobOverviews()
    return { jobs: jobs.map((j) => ({ id: j.jid, status: j.state })) }
  })

  app.get('/jobs/overview', async (): Promise<MultipleJobsDetails> => {
    return { jobs: await dispatcher.requestJobOverviews() }
  })

  app.post<{ Body: JobSubmission }>(
    '/jobs',
    {
      schema: { body: JOB_SUBMISSION_SCHEMA },
      schemaErrorFormatter: (errors, dataVar) => new Error(submissionSchemaError(errors, dataVar)),
    },
    async (request, reply): Promise<JobSubmitResponseBody> => {
      const submission = request.body
      const base64Problem = checkBase64(submission.bundle)
      if (base64Problem !== undefined) {
        throw new RestHandlerException(
          `Invalid job submission: body/bundle is not base64: ${base64Problem}`,
          400,
        )
      }
      const jobId = await dispatcher.submitJob(submission)
      log('info', `Job '${submission.jobGraph.jobName}' (${jobId}) submitted`, { jobId })
      void reply.code(202)
      return { jobUrl: `/jobs/${jobId}` }
    },
  )

  app.get<JobParams>('/jobs/:jobid', async (request): Promise<JobDetailsResponseBody> => {
    const job = await dispatcher.requestJob(parseId(request.params.jobid, 'job id', 'JobID'))
    // Flink lists a job's vertices without their subtasks; those are per-vertex requests.
    return { ...job, vertices: job.vertices.map(({ subtasks: _subtasks, ...vertex }) => vertex) }
  })

  app.patch<JobParams & { Querystring: { mode?: unknown } }>(
    '/jobs/:jobid',
    async (request, reply): Promise<Record<string, never>> => {
      const jobId = parseId(request.params.jobid, 'job id', 'JobID')
      const mode = request.query.mode
      if (mode !== undefined && mode !== 'cancel') {
        throw new RestHandlerException(
          `Unsupported termination mode ${JSON.stringify(mode)}; use 'cancel'`,
          400,
        )
      }
      await dispatcher.cancelJob(jobId)
      log('info', `Cancellation of job ${jobId} requested`, { jobId })
      void reply.code(202)
      return {}
    },
  )

  app.get<JobParams>('/jobs/:jobid/status', async (request): Promise<JobStatusInfo> => {
    const job = await dispatcher.requestJob(parseId(request.params.jobid, 'job id', 'JobID'))
    return { status: job.state }
  })

  app.get<JobParams>('/jobs/:jobid/plan', async (request): Promise<JobPlanInfo> => {
    const job = await dispatcher.requestJob(parseId(request.params.jobid, 'job id', 'JobID'))
    return { plan: job.plan }
  })

  app.get<JobParams>(
    '/jobs/:jobid/checkpoints',
    async (request): Promise<CheckpointingStatisticsInfo> =>
      dispatcher.requestCheckpointStatistics(parseId(request.params.jobid, 'job id', 'JobID')),
  )

  app.get<JobParams>(
    '/jobs/:jobid/checkpoints/config',
    async (request): Promise<CheckpointConfigInfo> =>
      dispatcher.requestCheckpointConfig(parseId(request.params.jobid, 'job id', 'JobID')),
  )

  app.get<{ Params: { jobid: string; checkpointid: string } }>(
    '/jobs/:jobid/checkpoints/details/:checkpointid',
    async (request): Promise<CheckpointStatisticsInfo> => {
      const id = Number(request.params.checkpointid)
      if (!Number.isInteger(id) || id < 0) {
        throw new RestHandlerException(
          `Bad request: checkpoint id '${request.params.checkpointid}' is not a non-negative integer`,
          400,
        )
      }
      return dispatcher.requestCheckpointDetails(
        parseId(request.params.jobid, 'job id', 'JobID'),
        id,
      )
    },
  )

  app.get<JobParams & { Querystring: { get?: string | string[] } }>(
    '/jobs/:jobid/metrics',
    async (request): Promise<Metric[]> => {
      const jobId = parseId(request.params.jobid, 'job id', 'JobID')
      const metrics = await dispatcher.requestJobMetrics(jobId)
      return metricsResponse(new Map(Object.entries(metrics)), request.query.get)
    },
  )

  // Savepoints (Flink: SavepointHandlers, StopWithSavepointHandler): trigger, then poll.
  app.post<JobParams & { Body: unknown }>(
    '/jobs/:jobid/savepoints',
    async (request, reply): Promise<{ 'request-id': string }> => {
      const jobId = parseId(request.params.jobid, 'job id', 'JobID')
      const body = bodyObject(request.body)
      const target = optionalString(body, 'target-directory')
      const cancel = optionalBoolean(body, 'cancel-job') ?? false
      const triggerId = await dispatcher.triggerSavepoint(
        jobId,
        target,
        cancel ? 'cancel' : 'continue',
      )
      void reply.code(202)
      return { 'request-id': triggerId }
    },
  )

  app.post<JobParams & { Body: unknown }>(
    '/jobs/:jobid/stop',
    async (request, reply): Promise<{ 'request-id': string }> => {
      const jobId = parseId(request.params.jobid, 'job id', 'JobID')
      const body = bodyObject(request.body)
      const target = optionalString(body, 'targetDirectory')
      const drain = optionalBoolean(body, 'drain') ?? false
      const triggerId = await dispatcher.triggerSavepoint(jobId, target, drain ? 'drain' : 'stop')
      void reply.code(202)
      return { 'request-id': triggerId }
    },
  )

  app.get<{ Params: { jobid: string; triggerid: string } }>(
    '/jobs/:jobid/savepoints/:triggerid',
    async (request): Promise<SavepointStatusInfo> =>
      dispatcher.requestSavepointStatus(
        parseId(request.params.jobid, 'job id', 'JobID'),
        request.params.triggerid,
      ),
  )

  app.get<JobParams>('/jobs/:jobid/exceptions', async (request): Promise<JobExceptionsInfo> => {
    return dispatcher.requestJobExceptions(parseId(request.params.jobid, 'job id', 'JobID'))
  })

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid',
    async (request): Promise<VertexDetailsResponseBody> => {
      const vertex = await requestVertex(request.params)
      return {
        id: vertex.id,
        name: vertex.name,
        parallelism: vertex.parallelism,
        maxParallelism: vertex.maxParallelism,
        now: clock.now(),
        subtasks: vertex.subtasks.map((s) => ({
          subtask: s.subtask,
          status: s.status,
          attempt: s.attempt,
          endpoint: s.endpoint,
          'start-time': s['start-time'],
          'end-time': s['end-time'],
          duration: s.duration,
          metrics: s.metrics,
          'taskmanager-id': s['taskmanager-id'],
        })),
      }
    },
  )

  app.get<VertexParams & { Querystring: { get?: string | string[] } }>(
    '/jobs/:jobid/vertices/:vertexid/metrics',
    async (request): Promise<Metric[]> => {
      return metricsResponse(
        jobVertexMetrics(await requestVertex(request.params)),
        request.query.get,
      )
    },
  )

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid/watermarks',
    async (request): Promise<Metric[]> => jobVertexWatermarks(await requestVertex(request.params)),
  )

  app.get<VertexParams>(
    '/jobs/:jobid/vertices/:vertexid/backpressure',
    async (request): Promise<JobVertexBackPressureInfo> => {
      return jobVertexBackPressureInfo(await requestVertex(request.params), clock.now())
    },
  )
}

/** The id in lower case, as Flink prints a JobID; a 400 naming the parameter if malformed. */
function parseId(value: string, what: string, flinkType: string): string {
  if (!HEX_ID_PATTERN.test(value)) {
    throw new RestHandlerException(
      `${JSON.stringify(value)} is not a valid ${what} (a ${flinkType} is 32 hexadecimal characters)`,
      400,
    )
  }
  return value.toLowerCase()
}

/** Fastify's schema error, naming the JobSubmission field that is wrong. */
function submissionSchemaError(errors: FastifySchemaValidationError[], dataVar: string): string {
  const first = errors[0]
  if (first === undefined) return 'Invalid job submission'
  return `Invalid job submission: ${dataVar}${first.instancePath} ${first.message ?? 'is invalid'}`
}

/** A request body as an object; none (or an empty one) is `{}`. */
function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new RestHandlerException('Bad request: the request body must be a JSON object', 400)
  }
  return body as Record<string, unknown>
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '') {
    throw new RestHandlerException(`Bad request: body/${field} must be a non-empty string`, 400)
  }
  return value
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') {
    throw new RestHandlerException(`Bad request: body/${field} must be true or false`, 400)
  }
  return value
}
