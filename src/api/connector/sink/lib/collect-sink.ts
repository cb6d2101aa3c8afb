// The sink behind `executeAndCollect`: records go to a result buffer of the client in this process,
// found by id. It runs at parallelism 1 so that the result keeps the stream's order.
// Flink: org.apache.flink.streaming.api.operators.collect.CollectSinkOperator (in-process form).
import { InvalidProgramError } from '../../../../core/errors.js'
import type { Sink, SinkWriter } from '../sink.js'

/** The client side of a collect sink: receives records and may ask to stop after a limit. */
export interface CollectResultBuffer<T> {
  readonly values: T[]
  /** Called once `limit` records have arrived. */
  onLimitReached(): void
  readonly limit: number
}

const buffers = new Map<string, CollectResultBuffer<unknown>>()
let nextId = 0

/** Registers a client buffer and returns its id; `release` it when the job is done. */
export function registerCollectBuffer<T>(buffer: CollectResultBuffer<T>): string {
  const id = `collect-${process.pid}-${nextId++}`
  buffers.set(id, buffer as CollectResultBuffer<unknown>)
  return id
}

export function releaseCollectBuffer(id: string): void {
  buffers.delete(id)
}

/** @public */
export class CollectSink<T> implements Sink<T> {
  readonly bufferId: string

  constructor(bufferId: string) {
    this.bufferId = bufferId
  }

  createWriter(): SinkWriter<T> {
    const buffer = buffers.get(this.bufferId)
    if (buffer === undefined) {
      throw new InvalidProgramError(
        `executeAndCollect's result buffer '${this.bufferId}' is not in this process; collecting results from a remote cluster needs the cluster's collect path`,
      )
    }
    return new CollectSinkWriter(buffer as CollectResultBuffer<T>)
  }
}

class CollectSinkWriter<T> implements SinkWriter<T> {
  private readonly buffer: CollectResultBuffer<T>

  constructor(buffer: CollectResultBuffer<T>) {
    this.buffer = buffer
  }

  write(element: T): void {
    const { values, limit } = this.buffer
    if (values.length >= limit) return
    values.push(element)
    if (values.length === limit) this.buffer.onLimitReached()
  }

  flush(): void {}
  close(): void {}
}
