// How state maps identify a namespace that is an instance of a class (a window): by class name and
// the instance's own `toString()`. An object may carry that key itself under NAMESPACE_KEY, built
// once per object; window operators create a window object per record (sessions several), and
// the backend's fallback, a WeakMap entry per object, costs more than the lookup it serves.

/** The property under which a namespace object may carry `classNamespaceKeyOf` of itself. */
export const NAMESPACE_KEY: unique symbol = Symbol('eddy.namespaceKey')

/** A class instance's namespace key; never equal to a normalized data key (see key-hash.ts). */
export function classNamespaceKeyOf(className: string, id: string): string {
  // normalizeKey's strings never start with '\u0000C' (its composite forms are '\u0000[',
  // '\u0000{', '\u0000D' and escaped strings '\u0000s'), so this cannot equal a data namespace.
  return `\u0000C${className}:${id}`
}
