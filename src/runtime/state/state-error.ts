// Errors raised by state backends: illegal access from user code (no key set, null in a list,
// writing read-only broadcast state), incompatible re-registration of a state name, and
// partitioning bugs (a key outside the backend's key groups).
// Flink: the IllegalStateException/NullPointerException of Preconditions, StateMigrationException.
import {
  EddyError,
  type ErrorContext,
  type ErrorDomain,
  type FailureType,
} from '../../core/errors.js'

export interface StateErrorFields {
  /** Stable code, `state.<what>`. */
  readonly code: string
  readonly domain: ErrorDomain
  readonly failureType?: FailureType
  readonly context?: ErrorContext
  readonly cause?: unknown
}

/** An illegal use of keyed, operator or broadcast state. */
export class StateError extends EddyError {
  constructor(message: string, fields: StateErrorFields) {
    super(message, fields)
  }
}

/** A key or namespace as a message shows it: strings quoted, composite values as JSON. */
export function describeStateKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key)
  if (typeof key === 'bigint') return `${key}n`
  if (typeof key !== 'object' || key === null) return String(key)
  try {
    return JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
  } catch {
    // Cyclic or otherwise unprintable: the message stays useful without the value.
    return Object.prototype.toString.call(key)
  }
}

/**
 * Checks a list of values for a ListState (keyed or operator). All elements are checked before any
 * is added, so a rejected call leaves the state unchanged.
 */
export function checkListElements(
  stateName: string,
  values: readonly unknown[] | null | undefined,
): void {
  if (values === null || values === undefined) {
    throw new StateError(`List of values to add to state '${stateName}' cannot be null.`, {
      code: 'state.null-value',
      domain: 'user',
      context: { stateName },
    })
  }
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) throw nullListElementError(stateName)
  }
}

export function nullListElementError(stateName: string): StateError {
  return new StateError(`You cannot add null to a ListState. (state '${stateName}')`, {
    code: 'state.null-value',
    domain: 'user',
    context: { stateName },
  })
}
