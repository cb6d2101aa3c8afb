// A program written as Node scripts often are: it exits the process when execute() fails. Replayed
// in plan mode on the cluster, its execute() ends the program there, and the process.exit() in its
// catch block must not end the JobManager or TaskManager replaying it.
import { StreamExecutionEnvironment, Types } from 'eddy'

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSequence(1, 5)
  .map((i) => i * 10, Types.LONG)
  .print()
try {
  await env.execute('exit on failure')
} catch (e: unknown) {
  console.error('The job failed:', e instanceof Error ? e.message : e)
  process.exitCode = 2
  process.exit(2)
}
