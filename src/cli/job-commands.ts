// `eddy list` and `eddy cancel <jobId>`: talk to a cluster's REST API, printing what Flink's CLI
// prints. Flink: CliFrontend#list, CliFrontend#cancel.
import { resolve } from 'node:path'
import { RestClusterClient } from '../rest/rest-cluster-client.js'
import type { JobOverviewInfo } from '../runtime/common/cluster-info.js'

export interface ClusterClientOptions {
  readonly jobmanager?: string
}

function clientOf(options: ClusterClientOptions): RestClusterClient {
  return new RestClusterClient(options.jobmanager ?? 'localhost:8081')
}

function line(job: JobOverviewInfo): string {
  const started = new Date(job['start-time']).toISOString().replace('T', ' ').slice(0, 19)
  return `${started} : ${job.jid} : ${job.name} (${job.state})`
}

export async function listJobs(options: ClusterClientOptions & { all?: boolean }): Promise<void> {
  const jobs = (await clientOf(options).listJobs()).sort(
    (a, b) => a['start-time'] - b['start-time'],
  )
  const terminal = new Set(['FINISHED', 'FAILED', 'CANCELED'])
  const running = jobs.filter((j) => !terminal.has(j.state))
  const out: string[] = []
  if (running.length === 0) out.push('No running jobs.')
  else {
    out.push('------------------ Running/Restarting Jobs -------------------')
    out.push(...running.map(line))
    out.push('--------------------------------------------------------------')
  }
  const ended = jobs.filter((j) => terminal.has(j.state))
  if (options.all === true && ended.length > 0) {
    out.push('---------------------- Terminated Jobs -----------------------')
    out.push(...ended.map(line))
    out.push('--------------------------------------------------------------')
  }
  process.stdout.write(`${out.join('\n')}\n`)
}

export async function cancelJob(jobId: string, options: ClusterClientOptions): Promise<void> {
  await clientOf(options).cancelJob(jobId)
  process.stdout.write(`Cancelled job ${jobId}.\n`)
}

/** `eddy savepoint <jobId> [targetDirectory]`: takes a savepoint and prints where it is. */
export async function savepointJob(
  jobId: string,
  targetDirectory: string | undefined,
  options: ClusterClientOptions,
): Promise<void> {
  const client = clientOf(options)
  process.stdout.write(`Triggering savepoint for job ${jobId}.\n`)
  const triggerId = await client.triggerSavepoint(jobId, absolute(targetDirectory))
  const location = await client.waitForSavepoint(jobId, triggerId)
  process.stdout.write(
    `Savepoint completed. Path: ${location}\nYou can resume your program from this savepoint with the run command.\n`,
  )
}

/** `eddy stop [--drain] [-p dir] <jobId>`: stops the job with a savepoint. */
export async function stopJob(
  jobId: string,
  options: ClusterClientOptions & { savepointPath?: string; drain?: boolean },
): Promise<void> {
  const client = clientOf(options)
  process.stdout.write(`Suspending job "${jobId}" with a savepoint.\n`)
  const triggerId = await client.stopWithSavepoint(
    jobId,
    absolute(options.savepointPath),
    options.drain === true,
  )
  const location = await client.waitForSavepoint(jobId, triggerId)
  process.stdout.write(`Savepoint completed. Path: ${location}\n`)
}

/** Paths go to the JobManager, which may run elsewhere: make them absolute here. */
function absolute(path: string | undefined): string | undefined {
  return path === undefined ? undefined : resolve(path)
}
