// Flink's key-group scheme: a key's hash picks one of maxParallelism key groups
// (murmurHash(hash) % maxParallelism), and each of the `parallelism` operator instances owns a
// contiguous range of them. State moves by key group when a job is rescaled.
// Pure functions; the per-record ones allocate nothing.
// Flink: org.apache.flink.runtime.state.KeyGroupRangeAssignment.
import { InvalidProgramError } from '../errors.js'
import { KeyGroupRange } from './key-group-range.js'
import { hashKey } from './key-hash.js'
import { murmurHash } from './murmur-hash.js'

/** The smallest default max parallelism, so a job can scale up a little even if nobody set it. */
export const DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 1 << 7

/** The largest max parallelism (inclusive); Flink's Transformation.UPPER_BOUND_MAX_PARALLELISM. */
export const UPPER_BOUND_MAX_PARALLELISM = 1 << 15

/** The operator instance (subtask index) a key is routed to. Per record. */
export function assignKeyToParallelOperator(
  key: unknown,
  maxParallelism: number,
  parallelism: number,
): number {
  return computeOperatorIndexForKeyGroup(
    maxParallelism,
    parallelism,
    assignToKeyGroup(key, maxParallelism),
  )
}

/** The key group of a key: its canonical hash (`hashKey`) spread by murmurHash. Per record. */
export function assignToKeyGroup(key: unknown, maxParallelism: number): number {
  return computeKeyGroupForKeyHash(hashKey(key), maxParallelism)
}

/** `murmurHash(keyHash) % maxParallelism`. Per record. */
export function computeKeyGroupForKeyHash(keyHash: number, maxParallelism: number): number {
  if (!isParallelismInBounds(maxParallelism))
    throwOutOfBounds('Max parallelism', 'maxParallelism', maxParallelism)
  return murmurHash(keyHash) % maxParallelism
}

/**
 * The operator instance that owns `keyGroupId`: `keyGroupId * parallelism / maxParallelism`,
 * rounded down. Requires 0 < parallelism <= maxParallelism <= 32768. Per record.
 */
export function computeOperatorIndexForKeyGroup(
  maxParallelism: number,
  parallelism: number,
  keyGroupId: number,
): number {
  const isValid =
    isParallelismInBounds(parallelism) &&
    isParallelismInBounds(maxParallelism) &&
    parallelism <= maxParallelism
  if (!isValid) checkParallelisms(maxParallelism, parallelism)
  return Math.floor((keyGroupId * parallelism) / maxParallelism)
}

/**
 * The key groups operator instance `operatorIndex` owns:
 * `[ceil(i * maxP / p), floor(((i + 1) * maxP - 1) / p)]`. The ranges of 0..p-1 cover 0..maxP-1
 * without gaps or overlaps, and agree with `computeOperatorIndexForKeyGroup`.
 */
export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): KeyGroupRange {
  checkParallelisms(maxParallelism, parallelism)
  if (!Number.isInteger(operatorIndex) || operatorIndex < 0 || operatorIndex >= parallelism) {
    throw new InvalidProgramError(
      `Operator index ${operatorIndex} is not within [0, ${parallelism - 1}] ` +
        `for parallelism ${parallelism}`,
      { operatorIndex, parallelism },
    )
  }
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism)
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism)
  return new KeyGroupRange(start, end)
}

/**
 * The max parallelism used when none is set:
 * `min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768)`.
 */
export function computeDefaultMaxParallelism(operatorParallelism: number): number {
  checkParallelismPreconditions(operatorParallelism)
  const p = operatorParallelism + Math.floor(operatorParallelism / 2)
  return Math.min(
    Math.max(roundUpToPowerOfTwo(p), DEFAULT_LOWER_BOUND_MAX_PARALLELISM),
    UPPER_BOUND_MAX_PARALLELISM,
  )
}

/** Throws InvalidProgramError unless `parallelism` is an integer in [1, 32768]. */
export function checkParallelismPreconditions(parallelism: number): void {
  if (!isParallelismInBounds(parallelism))
    throwOutOfBounds('Operator parallelism', 'parallelism', parallelism)
}

function checkParallelisms(maxParallelism: number, parallelism: number): void {
  checkParallelismPreconditions(parallelism)
  if (!isParallelismInBounds(maxParallelism))
    throwOutOfBounds('Max parallelism', 'maxParallelism', maxParallelism)
  if (maxParallelism < parallelism) {
    throw new InvalidProgramError(
      `Maximum parallelism (${maxParallelism}) must not be smaller than ` +
        `parallelism (${parallelism})`,
      { maxParallelism, parallelism },
    )
  }
}

function isParallelismInBounds(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= UPPER_BOUND_MAX_PARALLELISM
}

function throwOutOfBounds(what: string, field: string, value: number): never {
  throw new InvalidProgramError(
    `${what} not within bounds: ${value} ` +
      `(must be an integer in [1, ${UPPER_BOUND_MAX_PARALLELISM}])`,
    { [field]: value },
  )
}

/** The smallest power of two >= x, for 1 <= x <= 2^30 (Flink's MathUtils.roundUpToPowerOfTwo). */
function roundUpToPowerOfTwo(x: number): number {
  let v = x - 1
  v |= v >> 1
  v |= v >> 2
  v |= v >> 4
  v |= v >> 8
  v |= v >> 16
  return v + 1
}
