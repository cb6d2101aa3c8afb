// The `eddy` command line. Flink: org.apache.flink.client.cli.CliFrontend.
import { Command } from 'commander'
import { formatError } from './format-error.js'
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
  // Eddy's options may come before or after the file; others (and all after `--`) go to the job.
  .allowUnknownOption()
  .action(async (job: string, args: string[], options: RunOptions) => {
    await runJob(job, args, options)
  })

try {
  await program.parseAsync(process.argv)
} catch (e: unknown) {
  process.stderr.write(`${formatError(e)}\n`)
  process.exitCode = 1
}
