// How keyed-state snapshots write namespaces: VOID_NAMESPACE and the built-in windows by a tag,
// any other plain-data namespace through the generic serializer. Windows are class instances,
// which the generic serializer refuses, hence their own tags; other classes cannot be written.
// Flink: the namespace serializers of keyed state (VoidNamespaceSerializer, TimeWindow.Serializer,
// GlobalWindow.Serializer).
import { GlobalWindow, TimeWindow } from '../../../api/windowing/windows.js'
import { SerializationError } from '../../../core/errors.js'
import type { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import { className, isPlainObject } from '../../../core/types/value-description.js'
import { VOID_NAMESPACE } from '../keyed-state-backend.js'
import { StateError } from '../state-error.js'

const VOID = 0
const TIME_WINDOW = 1
const GLOBAL_WINDOW = 2
const GENERIC = 3

const genericSerializer = GenericTypeInfo.INSTANCE.createSerializer()

/**
 * Writes and reads namespaces. Use one instance per snapshot reader: it hands out the previous
 * TimeWindow again when the next entry has the same bounds, so the entries of one window (written
 * next to each other) share one window object after a restore, as they did before.
 */
export class NamespaceSerializer {
  private lastTimeWindow: TimeWindow | undefined = undefined

  /** Throws StateError 'state.unserializable-namespace' naming the state and the class. */
  serialize(namespace: unknown, out: DataOutputSerializer, stateName: string): void {
    if (namespace === VOID_NAMESPACE) {
      out.writeByte(VOID)
    } else if (namespace instanceof TimeWindow) {
      out.writeByte(TIME_WINDOW)
      out.writeFloat64(namespace.start)
      out.writeFloat64(namespace.end)
    } else if (namespace instanceof GlobalWindow) {
      out.writeByte(GLOBAL_WINDOW)
    } else {
      writeGeneric(namespace, out, stateName)
    }
  }

  deserialize(input: DataInputDeserializer): unknown {
    const tag = input.readByte()
    switch (tag) {
      case VOID:
        return VOID_NAMESPACE
      case TIME_WINDOW:
        return this.timeWindow(input.readFloat64(), input.readFloat64())
      case GLOBAL_WINDOW:
        return GlobalWindow.get()
      case GENERIC:
        return genericSerializer.deserialize(input)
      default:
        throw input.corrupt(`unknown namespace tag ${tag}`)
    }
  }

  private timeWindow(start: number, end: number): TimeWindow {
    const last = this.lastTimeWindow
    if (last !== undefined && Object.is(last.start, start) && Object.is(last.end, end)) return last
    return (this.lastTimeWindow = new TimeWindow(start, end))
  }
}

function writeGeneric(namespace: unknown, out: DataOutputSerializer, stateName: string): void {
  if (typeof namespace === 'object' && namespace !== null && !isNamespaceData(namespace)) {
    throw unserializable(
      stateName,
      `an instance of class ${className(namespace)}`,
      'use VOID_NAMESPACE, a TimeWindow, a GlobalWindow, or plain data (a primitive, array, ' +
        'Date or plain object) as the namespace',
    )
  }
  out.writeByte(GENERIC)
  try {
    genericSerializer.serialize(namespace, out)
  } catch (e: unknown) {
    if (!(e instanceof SerializationError)) throw e
    throw unserializable(stateName, 'not plain data', e.message, e)
  }
}

function isNamespaceData(value: object): boolean {
  return Array.isArray(value) || value instanceof Date || isPlainObject(value)
}

function unserializable(
  stateName: string,
  what: string,
  hint: string,
  cause?: unknown,
): StateError {
  return new StateError(
    `Cannot snapshot state '${stateName}': a namespace is ${what}, which snapshots cannot ` +
      `write; ${hint}`,
    {
      code: 'state.unserializable-namespace',
      domain: 'user',
      context: { stateName },
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
