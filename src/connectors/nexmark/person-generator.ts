// New people, and the person ids that auctions and bids refer to: ids follow from the event id
// alone (one person per `totalProportion` events), so any split can compute them.
// Flink (nexmark): com.github.nexmark.flink.generator.model.PersonGenerator.
import type { Person } from './event.js'
import { FIRST_PERSON_ID, type GeneratorConfig } from './generator-config.js'
import type { JavaRandom } from './java-random.js'
import { nextLong } from './price-generator.js'
import { nextExtra, nextString } from './strings-generator.js'

/** Person ids past the last one created that bids and auctions may already name. */
const PERSON_ID_LEAD = 10

const US_STATES: readonly string[] = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']
const US_CITIES: readonly string[] = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
]
const FIRST_NAMES: readonly string[] = [
  'Peter',
  'Paul',
  'Luke',
  'John',
  'Saul',
  'Vicky',
  'Kate',
  'Julie',
  'Sarah',
  'Deiter',
  'Walter',
]
const LAST_NAMES: readonly string[] = [
  'Shultz',
  'Abrams',
  'Spencer',
  'White',
  'Bartels',
  'Walton',
  'Smith',
  'Jones',
  'Noris',
]
/** '0000'..'9999', the groups of a credit card number. */
const CREDIT_CARD_GROUPS: readonly string[] = Array.from({ length: 10000 }, (_, i) =>
  String(i).padStart(4, '0'),
)

/** The person of event `eventId`, with event time `timestamp`. Draws in the reference's order. */
export function nextPerson(
  eventId: number,
  random: JavaRandom,
  timestamp: number,
  config: GeneratorConfig,
): Person {
  const id = lastBase0PersonId(config, eventId) + FIRST_PERSON_ID
  const name = FIRST_NAMES[random.nextInt(11)]! + ' ' + LAST_NAMES[random.nextInt(9)]!
  const emailAddress = nextString(random, 7) + '@' + nextString(random, 5) + '.com'
  const creditCard =
    CREDIT_CARD_GROUPS[random.nextInt(10000)]! +
    ' ' +
    CREDIT_CARD_GROUPS[random.nextInt(10000)]! +
    ' ' +
    CREDIT_CARD_GROUPS[random.nextInt(10000)]! +
    ' ' +
    CREDIT_CARD_GROUPS[random.nextInt(10000)]!
  const city = US_CITIES[random.nextInt(10)]!
  const state = US_STATES[random.nextInt(6)]!
  const currentSize =
    8 + name.length + emailAddress.length + creditCard.length + city.length + state.length
  const extra = nextExtra(random, currentSize, config.configuration.avgPersonByteSize)
  return { id, name, emailAddress, creditCard, city, state, dateTime: timestamp, extra }
}

/** A random person among the active ones, or a few ahead of the last (base 0). */
export function nextBase0PersonId(
  eventId: number,
  random: JavaRandom,
  config: GeneratorConfig,
): number {
  const numPeople = lastBase0PersonId(config, eventId) + 1
  const activePeople = Math.min(numPeople, config.configuration.numActivePeople)
  const n = nextLong(random, activePeople + PERSON_ID_LEAD)
  return numPeople - activePeople + n
}

/** The last person created at or before event `eventId` (base 0): this one if it is a person. */
export function lastBase0PersonId(config: GeneratorConfig, eventId: number): number {
  const offset = eventId % config.totalProportion
  const epoch = (eventId - offset) / config.totalProportion
  const inEpoch = offset >= config.personProportion ? config.personProportion - 1 : offset
  return epoch * config.personProportion + inEpoch
}
