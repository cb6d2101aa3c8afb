// The `eddy/connectors/datagen` entry: a parallel, optionally rate-limited source of generated
// records. Flink: flink-connector-datagen.
export { DataGeneratorSource } from './data-generator-source.js'
export type { GeneratorFunction, RichGeneratorFunction } from './generator-function.js'
export { RateLimiterStrategy } from './rate-limiter-strategy.js'
export type { RateLimiter } from './rate-limiter.js'
