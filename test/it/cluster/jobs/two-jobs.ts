// A program that runs two jobs one after the other: a replay of it must find the second job too.
import { StreamExecutionEnvironment } from 'eddy'

const first = StreamExecutionEnvironment.getExecutionEnvironment()
first
  .fromSequence(1, 3)
  .map((i) => i * 10)
  .print()
await first.execute('job-1')

const second = StreamExecutionEnvironment.getExecutionEnvironment()
second
  .fromSequence(4, 6)
  .map((i) => i * 100)
  .print()
await second.execute('job-2')
