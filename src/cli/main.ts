// The `eddy` command line. Flink: org.apache.flink.client.cli.CliFrontend.
import { Command } from 'commander'
import { formatError } from './format-error.js'
import { startCluster, stopCluster, type ClusterOptions } from './cluster-commands.js'
import {
  cancelJob,
  savepointJob,
  stopJob,
  listJobs,
  type ClusterClientOptions,
} from './job-commands.js'
import { runJobManager, runTaskManager, type ProcessOptions } from './process-commands.js'
import { runJob, type RunOptions } from './run-command.js'

// A closed pipe (`eddy run job.ts | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

const collect = (value: string, previous: string[]): string[] => previous.concat([value])

const program = new Command('eddy')
  .description("Apache Flink's architecture in TypeScript: run stream processing jobs")
  .showHelpAfterError()

program
  .command('run')
  .description('run a job (a TypeScript or JavaScript module that calls env.execute())')
  .argument('<job>', 'the job module')
  .argument('[args...]', "the job's arguments (after the file)")
  .option('-p, --parallelism <n>', 'default parallelism of the job')
  .option('-D <key=value>', 'a configuration override (repeatable)', collect, [])
  .option('--config-dir <dir>', 'the directory with config.yaml (default: ./conf if present)')
  .option('-m, --jobmanager <host:port>', "submit to a running cluster's REST API instead")
  .option(
    '-s, --fromSavepoint <path>',
    'start from a savepoint or retained checkpoint; a job checkpoint directory restores its newest readable checkpoint',
  )
  .option(
    '-n, --allowNonRestoredState',
    'start even if the savepoint holds state of an operator the job no longer has',
  )
  // Eddy's options may come before or after the file; others (and all after `--`) go to the job.
  .allowUnknownOption()
  .action(async (job: string, args: string[], options: RunOptions) => {
    await runJob(job, args, options)
  })

const configOptions = (c: Command): Command =>
  c
    .option('-D <key=value>', 'a configuration override (repeatable)', collect, [])
    .option('--config-dir <dir>', 'the directory with config.yaml (default: ./conf if present)')

configOptions(program.command('jobmanager'))
  .description('run a JobManager (Dispatcher, ResourceManager, REST API) in this process')
  .option('--log-format <json|pretty>', 'the log format on stderr', 'json')
  .action(async (options: ProcessOptions) => {
    await runJobManager(options)
  })

configOptions(program.command('taskmanager'))
  .description('run a TaskManager in this process; it registers at jobmanager.rpc.address')
  .option('--log-format <json|pretty>', 'the log format on stderr', 'json')
  .action(async (options: ProcessOptions) => {
    await runTaskManager(options)
  })

program
  .command('list')
  .description('list the jobs of a running cluster')
  .option('-m, --jobmanager <host:port>', "the cluster's REST address", 'localhost:8081')
  .option('-a, --all', 'also list terminated jobs')
  .action(async (options: ClusterClientOptions & { all?: boolean }) => {
    await listJobs(options)
  })

program
  .command('cancel')
  .description('cancel a running job')
  .argument('<jobId>', 'the job to cancel')
  .option('-m, --jobmanager <host:port>', "the cluster's REST address", 'localhost:8081')
  .action(async (jobId: string, options: ClusterClientOptions) => {
    await cancelJob(jobId, options)
  })

program
  .command('savepoint')
  .description('take a savepoint of a running job')
  .argument('<jobId>', 'the job')
  .argument('[targetDirectory]', "where to write it (default: the cluster's state.savepoints.dir)")
  .option('-m, --jobmanager <host:port>', "the cluster's REST address", 'localhost:8081')
  .action(async (jobId: string, target: string | undefined, options: ClusterClientOptions) => {
    await savepointJob(jobId, target, options)
  })

program
  .command('stop')
  .description('stop a running job with a savepoint')
  .argument('<jobId>', 'the job')
  .option(
    '-p, --savepointPath <dir>',
    'where to write the savepoint (default: state.savepoints.dir)',
  )
  .option(
    '-d, --drain',
    'after the savepoint, end the sources: MAX_WATERMARK fires every event-time window and timer',
  )
  .option('-m, --jobmanager <host:port>', "the cluster's REST address", 'localhost:8081')
  .action(
    async (
      jobId: string,
      options: ClusterClientOptions & { savepointPath?: string; drain?: boolean },
    ) => {
      await stopJob(jobId, options)
    },
  )

const cluster = program.command('cluster').description('a standalone cluster on this machine')
configOptions(cluster.command('start'))
  .description('start a JobManager and TaskManagers in the background')
  .option('--taskmanagers <n>', 'how many TaskManager processes', '1')
  .action(async (options: ClusterOptions) => {
    await startCluster(options)
  })
configOptions(cluster.command('stop'))
  .description('stop the cluster that `eddy cluster start` started')
  .action(async (options: ClusterOptions) => {
    await stopCluster(options)
  })

try {
  await program.parseAsync(process.argv)
} catch (e: unknown) {
  process.stderr.write(`${formatError(e)}\n`)
  process.exitCode = 1
}
