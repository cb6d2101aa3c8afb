// Windowed word count: each line of the text is an event one second after the previous one, and
// words are counted per 3-second tumbling event-time window.
//   npx eddy run examples/windowed-word-count.ts [--window-seconds 3]
import { StreamExecutionEnvironment, Time, TumblingEventTimeWindows, WatermarkStrategy } from 'eddy'

const TEXT = [
  'To be, or not to be,--that is the question:--',
  "Whether 'tis nobler in the mind to suffer",
  'The slings and arrows of outrageous fortune',
  'Or to take arms against a sea of troubles,',
  'And by opposing end them?--To die,--to sleep,--',
  'No more; and by a sleep to say we end',
]

const flag = process.argv.indexOf('--window-seconds')
const windowSeconds = flag > 0 ? Number(process.argv[flag + 1]) : 3

interface Line {
  text: string
  at: number
}

interface WordCount {
  word: string
  count: number
  window: string
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()

env
  .fromData(...TEXT.map((text, i): Line => ({ text, at: i * 1000 })))
  .assignTimestampsAndWatermarks(
    WatermarkStrategy.forMonotonousTimestamps<Line>().withTimestampAssigner((l) => l.at),
  )
  .flatMap<{ word: string; count: number }>((line, out) => {
    for (const word of line.text.toLowerCase().split(/\W+/)) {
      if (word.length > 0) out.collect({ word, count: 1 })
    }
  })
  .keyBy((w) => w.word)
  .window(TumblingEventTimeWindows.of(Time.seconds(windowSeconds)))
  .reduce<WordCount>(
    (a, b) => ({ word: a.word, count: a.count + b.count }),
    (word: string, window, counts, out) => {
      for (const c of counts) {
        out.collect({ word, count: c.count, window: `${window.start}-${window.end}` })
      }
    },
  )
  .filter((c) => c.count > 1)
  .print()

await env.execute('WindowWordCount')
