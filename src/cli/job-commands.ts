// `eddy list` and `eddy cancel <jobId>`: talk to a cluster's REST API, printing what Flink's CLI
// prints. Flink: CliFrontend#list, CliFrontend#cancel.
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
