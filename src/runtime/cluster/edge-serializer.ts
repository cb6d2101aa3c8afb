// The serializer of the records on a stream edge, created once per edge: its declared type's
// generated serializer, or the generic one. Shared by the in-process wiring and the TaskExecutor.
import type { StreamEdge } from '../../graph/stream-graph.js'
import { GenericTypeInfo } from '../../core/types/generic-type-info.js'
import type { TypeSerializer } from '../../core/types/type-serializer.js'

const serializers = new WeakMap<StreamEdge, TypeSerializer<unknown>>()

export function serializerOf(edge: StreamEdge): TypeSerializer<unknown> {
  let s = serializers.get(edge)
  if (s === undefined) {
    s = (edge.recordType ?? GenericTypeInfo.INSTANCE).createSerializer()
    serializers.set(edge, s)
  }
  return s
}
