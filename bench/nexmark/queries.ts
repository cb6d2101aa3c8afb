// The Nexmark queries, by name: the composition root a runner picks a query from.
//   const query = nexmarkQuery('q5')
//   query.build(nexmarkEvents(env, new NexmarkSource({ numEvents }))).sinkTo(new DiscardingSink())
//   query.baseline(new NexmarkGenerator({ numEvents }), () => {})
import { withUnknownRows, type NexmarkQuery } from './query.js'
import { q0 } from './q0.js'
import { q1 } from './q1.js'
import { q2 } from './q2.js'
import { q3 } from './q3.js'
import { q4 } from './q4.js'
import { q5 } from './q5.js'
import { q7 } from './q7.js'
import { q8 } from './q8.js'
import { q11 } from './q11.js'
import { q12 } from './q12.js'
import { q17 } from './q17.js'
import { q18 } from './q18.js'
import { q19 } from './q19.js'

/** Every query, in the reference's order. */
export const NEXMARK_QUERIES: readonly NexmarkQuery<unknown>[] = [
  withUnknownRows(q0),
  withUnknownRows(q1),
  withUnknownRows(q2),
  withUnknownRows(q3),
  withUnknownRows(q4),
  withUnknownRows(q5),
  withUnknownRows(q7),
  withUnknownRows(q8),
  withUnknownRows(q11),
  withUnknownRows(q12),
  withUnknownRows(q17),
  withUnknownRows(q18),
  withUnknownRows(q19),
]

/** The query called `name` ('q5'); throws, listing the names, when there is none. */
export function nexmarkQuery(name: string): NexmarkQuery<unknown> {
  const query = NEXMARK_QUERIES.find((q) => q.name === name)
  if (query === undefined) {
    const names = NEXMARK_QUERIES.map((q) => q.name).join(', ')
    throw new Error(`No Nexmark query '${name}'; there are ${names}`)
  }
  return query
}
