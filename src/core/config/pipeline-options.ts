// Options describing a pipeline (a job) as the user built it.
// Flink: org.apache.flink.configuration.PipelineOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const PipelineOptions = Object.freeze({
  NAME: ConfigOptions.key('pipeline.name')
    .stringType()
    .noDefaultValue()
    .withDescription('The job name shown in the web UI, the REST API and logs.'),

  MAX_PARALLELISM: ConfigOptions.key('pipeline.max-parallelism')
    .intType()
    .defaultValue(-1)
    .withDescription(
      'The number of key groups, i.e. the upper limit to which keyed state can be rescaled. ' +
        '-1 derives it from the parallelism (at least 128).',
    ),

  AUTO_WATERMARK_INTERVAL: ConfigOptions.key('pipeline.auto-watermark-interval')
    .durationType()
    .defaultValue(200)
    .withDescription(
      'How often periodic watermark generators emit a watermark. 0 disables periodic watermarks.',
    ),

  OBJECT_REUSE: ConfigOptions.key('pipeline.object-reuse')
    .booleanType()
    .defaultValue(false)
    .withDescription(
      'Pass records between chained operators without copying them. Only safe when no ' +
        'function keeps or mutates a record after emitting it.',
    ),

  OPERATOR_CHAINING: ConfigOptions.key('pipeline.operator-chaining.enabled')
    .booleanType()
    .defaultValue(true)
    .withDescription('Chain forward-connected operators of equal parallelism into one task.'),
})
