// Word count, as Flink's WordCount example: splits lines into lowercase words and keeps a rolling
// count per word, printing every update.
//   npx eddy run examples/word-count.ts                 (built-in text)
//   npx eddy run examples/word-count.ts --input file.txt
import { readFileSync } from 'node:fs'
import { StreamExecutionEnvironment } from 'eddy'

const TEXT = [
  'To be, or not to be,--that is the question:--',
  "Whether 'tis nobler in the mind to suffer",
  'The slings and arrows of outrageous fortune',
  'Or to take arms against a sea of troubles,',
  'And by opposing end them?--To die,--to sleep,--',
  'No more; and by a sleep to say we end',
  'The heartache, and the thousand natural shocks',
  'That flesh is heir to,--tis a consummation',
  'Devoutly to be wish’d.',
]

const inputIndex = process.argv.indexOf('--input')
const lines =
  inputIndex > 0 && process.argv[inputIndex + 1] !== undefined
    ? readFileSync(process.argv[inputIndex + 1]!, 'utf8').split(/\r?\n/)
    : TEXT

interface WordWithCount {
  word: string
  count: number
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()

env
  .fromCollection(lines)
  .name('lines')
  .flatMap<WordWithCount>((line, out) => {
    for (const word of line.toLowerCase().split(/\W+/)) {
      if (word.length > 0) out.collect({ word, count: 1 })
    }
  })
  .name('tokenizer')
  .keyBy((r) => r.word)
  .sum('count')
  .name('counter')
  .print()

await env.execute('WordCount')
