// Writes each record as a line to stdout or stderr, prefixed as Flink's PrintSink does:
// `identifier:subtask> ` (subtask counted from 1, shown only when parallelism > 1).
// Flink: org.apache.flink.streaming.api.functions.sink.PrintSink, PrintSinkOutputWriter.
import { inspect } from 'node:util'
import type { Sink, SinkWriter, WriterInitContext } from '../sink.js'

/** Where printed lines go; tests pass their own. */
export interface LineTarget {
  write(line: string): void
}

const STDOUT: LineTarget = { write: (s) => void process.stdout.write(s) }
const STDERR: LineTarget = { write: (s) => void process.stderr.write(s) }

/** A record as print shows it: strings as they are, anything else as `console.log` would. */
export function formatRecord(value: unknown): string {
  return typeof value === 'string'
    ? value
    : inspect(value, { depth: 8, breakLength: Infinity, compact: true })
}

/** @public */
export class PrintSink<T> implements Sink<T> {
  readonly sinkIdentifier: string
  readonly stdErr: boolean
  private readonly target: LineTarget | undefined

  constructor(sinkIdentifier = '', stdErr = false, target?: LineTarget) {
    this.sinkIdentifier = sinkIdentifier
    this.stdErr = stdErr
    this.target = target
  }

  createWriter(context: WriterInitContext): SinkWriter<T> {
    const target = this.target ?? (this.stdErr ? STDERR : STDOUT)
    return new PrintSinkWriter<T>(printPrefix(this.sinkIdentifier, context), target)
  }

  toString(): string {
    return this.stdErr ? 'Print to Std. Err' : 'Print to Std. Out'
  }
}

function printPrefix(identifier: string, context: WriterInitContext): string {
  const parallel = context.getNumberOfParallelSubtasks() > 1
  if (parallel) {
    const subtask = String(context.getSubtaskId() + 1)
    return identifier === '' ? `${subtask}> ` : `${identifier}:${subtask}> `
  }
  return identifier === '' ? '' : `${identifier}> `
}

class PrintSinkWriter<T> implements SinkWriter<T> {
  private readonly prefix: string
  private readonly target: LineTarget

  constructor(prefix: string, target: LineTarget) {
    this.prefix = prefix
    this.target = target
  }

  write(element: T): void {
    this.target.write(`${this.prefix}${formatRecord(element)}\n`)
  }

  flush(): void {}
  close(): void {}
}
