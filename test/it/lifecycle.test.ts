// Rich function lifecycle and RuntimeContext on the MiniCluster: open() before the first record,
// close() after the last, per parallel subtask, and the TaskInfo each subtask sees.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  KeyedProcessFunction,
  RichFilterFunction,
  RichMapFunction,
  StreamExecutionEnvironment,
  type Collector,
  type KeyedProcessFunctionContext,
} from '../../src/index.js'
import { ListSink, groupInOrder } from './support.js'

describe('rich function lifecycle', () => {
  it('calls open() before the first record and close() after the last (parallelism 1)', async () => {
    const log: string[] = []
    class Logged extends RichMapFunction<string, string> {
      override open(): void {
        const info = this.getRuntimeContext().getTaskInfo()
        log.push(
          `open ${info.getTaskName()} | ${info.getTaskNameWithSubtasks()} | ${info.getIndexOfThisSubtask()}/${info.getNumberOfParallelSubtasks()} max=${info.getMaxNumberOfParallelSubtasks()} attempt=${info.getAttemptNumber()}`,
        )
      }
      map(v: string): string {
        log.push(`map ${v}`)
        return v
      }
      override close(): void {
        log.push('close')
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    const sink = new ListSink<string>()
    e.fromData('a', 'b', 'c').map(new Logged()).sinkTo(sink).name('Results')
    await e.execute()
    assert.deepStrictEqual(log, [
      'open Source: Collection Source -> Map -> Sink: Results | Source: Collection Source -> Map -> Sink: Results (1/1)#0 | 0/1 max=128 attempt=0',
      'map a',
      'map b',
      'map c',
      'close',
    ])
    assert.deepStrictEqual(sink.values, ['a', 'b', 'c'])
  })

  it('still calls close() when the job fails', async () => {
    const log: string[] = []
    class FailsOnTwo extends RichMapFunction<number, number> {
      override open(): void {
        log.push('open')
      }
      map(v: number): number {
        if (v === 2) throw new Error('two')
        log.push(`map ${v}`)
        return v
      }
      override close(): void {
        log.push('close')
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    e.fromData(1, 2, 3).map(new FailsOnTwo()).sinkTo(new ListSink<number>())
    await assert.rejects(e.execute(), /threw: two$/)
    assert.deepStrictEqual(log, ['open', 'map 1', 'close'])
  })

  it('opens and closes each parallel subtask once, around its own records (parallelism 3)', async () => {
    const log: [number, string][] = []
    class Logged extends RichMapFunction<number, number> {
      private index = -1
      override open(): void {
        const info = this.getRuntimeContext().getTaskInfo()
        this.index = info.getIndexOfThisSubtask()
        log.push([this.index, `open ${info.getTaskNameWithSubtasks()}`])
      }
      map(v: number): number {
        log.push([this.index, `map ${v}`])
        return v
      }
      override close(): void {
        log.push([this.index, 'close'])
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3)
    e.fromData(0, 1, 2, 3, 4, 5, 6)
      .rebalance()
      .map(new Logged())
      .sinkTo(new ListSink<number>())
      .name('Results')
    await e.execute()
    const bySubtask = groupInOrder(log, ([s]) => String(s))
    assert.deepStrictEqual(
      Object.fromEntries(
        Object.entries(bySubtask).map(([s, entries]) => [s, entries.map(([, m]) => m)]),
      ),
      {
        0: ['open Map -> Sink: Results (1/3)#0', 'map 0', 'map 3', 'map 6', 'close'],
        1: ['open Map -> Sink: Results (2/3)#0', 'map 1', 'map 4', 'close'],
        2: ['open Map -> Sink: Results (3/3)#0', 'map 2', 'map 5', 'close'],
      },
    )
  })

  it('opens the operators of a chain tail first, so outputs are ready before inputs', async () => {
    const log: string[] = []
    class First extends RichMapFunction<number, number> {
      override open(): void {
        log.push('open first')
      }
      map(v: number): number {
        log.push(`first ${v}`)
        return v
      }
    }
    class Second extends RichFilterFunction<number> {
      override open(): void {
        log.push('open second')
      }
      filter(v: number): boolean {
        log.push(`second ${v}`)
        return true
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    e.fromData(1, 2).map(new First()).filter(new Second()).sinkTo(new ListSink<number>())
    await e.execute()
    assert.deepStrictEqual(log, [
      'open second',
      'open first',
      'first 1',
      'second 1',
      'first 2',
      'second 2',
    ])
  })

  it('offers Flink 1.x task-info shortcuts on the runtime context', async () => {
    class Info extends RichMapFunction<number, string> {
      map(v: number): string {
        const c = this.getRuntimeContext()
        return `${v}:${c.getIndexOfThisSubtask()}/${c.getNumberOfParallelSubtasks()}/${c.getMaxNumberOfParallelSubtasks()}:${c.getTaskName()}`
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const out = await e
      .fromData(0, 1)
      .rebalance()
      .map(new Info())
      .setMaxParallelism(8)
      .executeAndCollect()
    assert.deepStrictEqual(out.sort(), ['0:0/2/8:Map', '1:1/2/8:Map'])
  })

  it('gives keyed process functions the task info of their subtask', async () => {
    class Where extends KeyedProcessFunction<string, string, string> {
      processElement(
        v: string,
        _ctx: KeyedProcessFunctionContext<string>,
        out: Collector<string>,
      ): void {
        const info = this.getRuntimeContext().getTaskInfo()
        out.collect(`${v} ${info.getTaskName()} p=${info.getNumberOfParallelSubtasks()}`)
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const sink = new ListSink<string>()
    e.fromData('x')
      .keyBy((v) => v)
      .process(new Where())
      .sinkTo(sink)
      .name('Out')
    await e.execute()
    assert.deepStrictEqual(sink.values, ['x KeyedProcess -> Sink: Out p=2'])
  })

  it('does not share instance fields between parallel subtasks', async () => {
    class CountPerInstance extends RichMapFunction<number, string> {
      private seen = 0
      map(v: number): string {
        this.seen++
        return `${this.getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()}:${v}:${this.seen}`
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const sink = new ListSink<string>()
    e.fromData(10, 11, 12, 13).rebalance().map(new CountPerInstance()).sinkTo(sink)
    await e.execute()
    assert.deepStrictEqual(sink.perSubtask(2), [
      ['0:10:1', '0:12:2'],
      ['1:11:1', '1:13:2'],
    ])
  })
})
