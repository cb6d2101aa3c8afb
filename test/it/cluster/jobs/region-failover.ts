// Region failover's job: two parallel pipelines that exchange no data — a rate-limited source of
// records 0..N-1, a map in a task of its own (a forward edge between them) and the exactly-once
// FileSink — so each subtask pair is a pipelined region. Map subtask 0 fails once, in its first
// attempt, after it has seen `failAfter` records. Arguments: N, records per second, failAfter,
// output directory.
import { RichMapFunction, StreamExecutionEnvironment, Types, WatermarkStrategy } from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'
import { FileSink, SimpleStringEncoder } from 'eddy/connectors/file'

const [records, perSecond, failAfter] = process.argv.slice(2, 5).map(Number) as [
  number,
  number,
  number,
]
const output = process.argv[5]!

class FailOnce extends RichMapFunction<number, string> {
  private seen = 0

  map(i: number): string {
    const info = this.getRuntimeContext().getTaskInfo()
    if (info.getIndexOfThisSubtask() === 0 && info.getAttemptNumber() === 0) {
      if (++this.seen > failAfter) throw new Error('Planned failure of map subtask 0')
    }
    return String(i)
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSource(
    new DataGeneratorSource(
      (i) => i,
      records,
      RateLimiterStrategy.perSecond(perSecond),
      Types.LONG,
    ),
    WatermarkStrategy.noWatermarks(),
    'numbers',
  )
  .uid('numbers')
  .map(new FailOnce(), Types.STRING)
  .uid('fail-once')
  .disableChaining()
  .sinkTo(FileSink.forRowFormat(output, new SimpleStringEncoder<string>()).build())
  .uid('files')
await env.execute('region failover')
