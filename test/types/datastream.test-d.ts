// Pins how record and key types flow through the DataStream API; checked by `tsc --noEmit`,
// never run. Each `@ts-expect-error` marks a program the compiler must reject.
import {
  KeyedProcessFunction,
  StreamExecutionEnvironment,
  type Collector,
  type DataStream,
  type KeyedProcessFunctionContext,
  type KeyedStream,
  type SingleOutputStreamOperator,
} from '../../src/index.js'

type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false

/** The record type of a stream. */
type RecordOf<S> = S extends DataStream<infer T> ? T : never
/** The key type of a keyed stream. */
type KeyOf<S> = S extends KeyedStream<infer _T, infer K> ? K : never

interface WordCount {
  word: string
  n: number
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()
const lines = env.fromData('to be', 'or not')

// ---- map → keyBy → sum keeps the record type ----

const counts = lines.flatMap<WordCount>((line, out) => {
  for (const word of line.split(' ')) out.collect({ word, n: 1 })
})
export const countsAreWordCounts: Equal<RecordOf<typeof counts>, WordCount> = true

const byWord = counts.keyBy((c) => c.word)
export const keyedByString: Equal<KeyOf<typeof byWord>, string> = true
export const keyedRecords: Equal<RecordOf<typeof byWord>, WordCount> = true

const summed = byWord.sum('n')
export const sumKeepsType: Equal<typeof summed, SingleOutputStreamOperator<WordCount>> = true

const lengths = summed.map((c) => c.word.length)
export const mapInfersOutput: Equal<RecordOf<typeof lengths>, number> = true

// A flatMap lambda may return an iterable; its element type is the output type.
const chars = lines.flatMap((line) => line.split(''))
export const flatMapIterable: Equal<RecordOf<typeof chars>, string> = true

// ---- aggregations accept only fields of the right kind ----

// @ts-expect-error `word` is a string: sum needs a numeric field
byWord.sum('word')
// @ts-expect-error no such field
byWord.sum('count')
byWord.min('word')
byWord.maxBy('n')

const pairs = env.fromData<[string, number]>(['a', 1])
const pairSum = pairs.keyBy((p) => p[0]).sum(1)
export const tupleSumKeepsType: Equal<RecordOf<typeof pairSum>, [string, number]> = true
// @ts-expect-error index 0 is a string
pairs.keyBy((p) => p[0]).sum(0)
// @ts-expect-error index 2 does not exist
pairs.keyBy((p) => p[0]).sum(2)

// ---- a function must accept the stream's record type ----

const numbers = lines.map((s) => s.length)
// @ts-expect-error the stream carries numbers, not strings
numbers.filter((s: string) => s.length > 0)
numbers.filter((n) => n > 0)
// @ts-expect-error map's function takes a number
numbers.map((s: string) => s.toUpperCase())

// ---- keyBy's key type reaches the KeyedProcessFunction ----

class LastWord extends KeyedProcessFunction<string, WordCount, string> {
  processElement(
    value: WordCount,
    ctx: KeyedProcessFunctionContext<string>,
    out: Collector<string>,
  ): void {
    const key: string = ctx.getCurrentKey()
    out.collect(`${key}:${value.n}`)
  }
}
const processed = byWord.process(new LastWord())
export const processOutput: Equal<RecordOf<typeof processed>, string> = true

/** The context type a KeyedProcessFunction written for `stream` gets. */
type ContextFor<S> =
  S extends KeyedStream<infer T, infer K>
    ? Parameters<KeyedProcessFunction<K, T, unknown>['processElement']>[1]
    : never
export const contextKeyIsString: Equal<
  ReturnType<ContextFor<typeof byWord>['getCurrentKey']>,
  string
> = true

class ByNumber extends KeyedProcessFunction<number, WordCount, string> {
  processElement(
    _v: WordCount,
    _c: KeyedProcessFunctionContext<number>,
    _o: Collector<string>,
  ): void {}
}
// @ts-expect-error the function's key type (number) is not the stream's (string)
byWord.process(new ByNumber())
// @ts-expect-error a KeyedProcessFunction needs a keyed stream
counts.process(new LastWord())

const byLength = counts.keyBy((c) => c.word.length)
export const keyedByNumber: Equal<KeyOf<typeof byLength>, number> = true

// ---- connect keeps both sides' types ----

const connected = lines.connect(numbers)
const merged = connected.map({ map1: (s) => s, map2: (n) => String(n) })
export const coMapOutput: Equal<RecordOf<typeof merged>, string> = true
// @ts-expect-error map2 receives the second stream's numbers
connected.map({ map1: (s: string) => s, map2: (n: string) => n })
