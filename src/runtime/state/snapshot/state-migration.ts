// Converts restored state to the types the operator declares when it registers the state again:
// checks the kind, resolves each stored schema against the declared one, and rewrites the values
// that need it. All new values are computed before any is stored, so a failed migration leaves the
// restored state as it was. Flink: the state migration of AbstractKeyedStateBackend /
// HeapKeyedStateBackend.tryRegisterStateTable (checkStateMetaInfo, migrateStateValues).
import { describe } from '../../../core/errors.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import type { TypeInformation } from '../../../core/types/type-information.js'
import { type UserMap, UserMapEntry } from '../heap/heap-map-state.js'
import type { StateTable } from '../heap/state-table.js'
import { StateError, describeStateKey } from '../state-error.js'
import type { KeyedStateMetaInfo } from './keyed-state-meta-info.js'
import { type ValueMigration, resolveSchemaCompatibility } from './schema-compatibility.js'

/**
 * Makes `table` (restored with `restored`) usable as the state `declared` describes. Throws
 * StateError 'state.incompatible-kind' or 'state.incompatible-schema' naming the state.
 */
export function migrateRestoredKeyedState(
  restored: KeyedStateMetaInfo,
  declared: KeyedStateMetaInfo,
  table: StateTable<unknown>,
  keyGroupRange: KeyGroupRange,
): void {
  const name = declared.name
  if (restored.kind !== declared.kind) {
    throw new StateError(
      `State '${name}' was restored as ${article(restored.kind)} state and cannot be registered ` +
        `as ${article(declared.kind)} state`,
      {
        code: 'state.incompatible-kind',
        domain: 'user',
        failureType: 'NonRecoverableError',
        context: { stateName: name, restored: restored.kind, requested: declared.kind },
      },
    )
  }
  const what = restored.kind === 'list' ? 'elements' : 'values'
  const migrateValue = migrationFor(name, what, restored.valueType, declared.valueType)
  const migrateKey =
    restored.userKeyType === undefined || declared.userKeyType === undefined
      ? undefined
      : migrationFor(name, 'user keys', restored.userKeyType, declared.userKeyType)
  if (migrateValue === undefined && migrateKey === undefined) return
  const convert = converterFor(restored.kind, migrateValue, migrateKey)
  const entries: { value: unknown }[] = []
  const values: unknown[] = []
  for (const keyGroup of keyGroupRange) {
    for (const entry of table.entriesOfKeyGroup(keyGroup)) {
      try {
        values.push(convert(entry.value))
      } catch (e: unknown) {
        const where = `key ${describeStateKey(entry.key)} (key group ${keyGroup})`
        throw unfitValue(name, describeTypes(declared), where, e)
      }
      entries.push(entry)
    }
  }
  for (let i = 0; i < entries.length; i++) entries[i]!.value = values[i]
}

/** Restored operator list elements as the declared element type wants them (maybe the same). */
export function migrateRestoredElements(
  stateName: string,
  stored: TypeInformation<unknown>,
  declared: TypeInformation<unknown>,
  elements: readonly unknown[],
): readonly unknown[] {
  const migrate = migrationFor(stateName, 'elements', stored, declared)
  if (migrate === undefined) return elements
  return elements.map((element, i) => {
    try {
      return migrate(element)
    } catch (e: unknown) {
      throw unfitValue(stateName, String(declared), `element ${i}`, e)
    }
  })
}

/** Restored broadcast entries as the declared key and value types want them. */
export function migrateRestoredEntries(
  stateName: string,
  stored: {
    readonly keyType: TypeInformation<unknown>
    readonly valueType: TypeInformation<unknown>
  },
  declared: {
    readonly keyType: TypeInformation<unknown>
    readonly valueType: TypeInformation<unknown>
  },
  entries: readonly (readonly [unknown, unknown])[],
): readonly (readonly [unknown, unknown])[] {
  const migrateKey = migrationFor(stateName, 'keys', stored.keyType, declared.keyType)
  const migrateValue = migrationFor(stateName, 'values', stored.valueType, declared.valueType)
  if (migrateKey === undefined && migrateValue === undefined) return entries
  return entries.map(([key, value]): readonly [unknown, unknown] => {
    try {
      return [
        migrateKey === undefined ? key : sameKey(key, migrateKey(key)),
        migrateValue === undefined ? value : migrateValue(value),
      ]
    } catch (e: unknown) {
      const types = `${String(declared.keyType)} → ${String(declared.valueType)}`
      throw unfitValue(stateName, types, `key ${describeStateKey(key)}`, e)
    }
  })
}

/**
 * How one stored (key, namespace) value of a `kind` state changes. Map keys may only be checked,
 * never changed: they are identities, and a changed key could collide with another.
 */
function converterFor(
  kind: KeyedStateMetaInfo['kind'],
  migrateValue: ValueMigration | undefined,
  migrateKey: ValueMigration | undefined,
): ValueMigration {
  const value = migrateValue ?? identity
  switch (kind) {
    case 'value':
    case 'reducing':
    case 'aggregating':
      return value
    case 'list':
      return (list) => (list as unknown[]).map(value)
    case 'map':
      return (stored) => {
        const map = stored as UserMap<unknown, unknown>
        const result: UserMap<unknown, unknown> = new Map()
        for (const [normalized, entry] of map) {
          if (migrateKey !== undefined) sameKey(entry.key, migrateKey(entry.key))
          result.set(normalized, new UserMapEntry(entry.key, value(entry.value)))
        }
        return result
      }
  }
}

/**
 * The migration from `stored` to `declared`, or undefined when values can be used as they are.
 * Throws StateError 'state.incompatible-schema' naming the state and both types.
 */
function migrationFor(
  stateName: string,
  what: string,
  stored: TypeInformation<unknown>,
  declared: TypeInformation<unknown>,
): ValueMigration | undefined {
  const c = resolveSchemaCompatibility(stored.toDescriptor(), declared.toDescriptor())
  if (c.type === 'COMPATIBLE_AS_IS') return undefined
  if (c.type === 'COMPATIBLE_AFTER_MIGRATION') return c.migrate
  throw new StateError(
    `State '${stateName}' cannot be restored: its ${what} were stored as ${String(stored)} and ` +
      `are now declared as ${String(declared)}, which is incompatible: ${c.reason}`,
    {
      code: 'state.incompatible-schema',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { stateName, stored: String(stored), declared: String(declared) },
    },
  )
}

/** Map and broadcast keys are identities: a migration may check them but not rebuild them. */
function sameKey(key: unknown, migrated: unknown): unknown {
  if (migrated !== key) {
    throw new Error(
      `its user key ${describeStateKey(key)} would change to ${describeStateKey(migrated)}, and ` +
        `map keys cannot change shape`,
    )
  }
  return key
}

function unfitValue(
  stateName: string,
  declared: string,
  where: string,
  cause: unknown,
): StateError {
  return new StateError(
    `State '${stateName}' cannot be restored: the value of ${where} does not fit its declared ` +
      `type ${declared}: ${describe(cause)}`,
    {
      code: 'state.incompatible-schema',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { stateName, declared },
      cause,
    },
  )
}

/** A keyed state's declared types as messages show them: `STRING → INT` for map state. */
function describeTypes(meta: KeyedStateMetaInfo): string {
  const value = String(meta.valueType)
  return meta.userKeyType === undefined ? value : `${String(meta.userKeyType)} → ${value}`
}

function identity(value: unknown): unknown {
  return value
}

function article(kind: string): string {
  return kind === 'aggregating' ? `an ${kind}` : `a ${kind}`
}
