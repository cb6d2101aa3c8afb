// The body of `POST /jobs`: a JobSubmission as JSON, checked by fastify against a JSON schema
// before the handler runs, plus the checks a schema cannot express cheaply (the bundle's base64).
// Eddy submits the JobGraph as data and the program as an esbuild bundle, where Flink uploads a
// serialized JobGraph and jars in a multipart request. Flink: JobSubmitRequestBody.

/** Flink's JobID and JobVertexID: 16 bytes as 32 hex digits. */
export const HEX_ID_PATTERN = /^[0-9a-fA-F]{32}$/

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const

const jobEdgeSchema = {
  type: 'object',
  required: ['id', 'sourceVertexId', 'distributionPattern', 'shipStrategy', 'typeNumber'],
  properties: {
    id: { type: 'string', minLength: 1 },
    sourceVertexId: { type: 'string', minLength: 1 },
    distributionPattern: { enum: ['ALL_TO_ALL', 'POINTWISE'] },
    shipStrategy: { type: 'string', minLength: 1 },
    typeNumber: { type: 'integer', minimum: 1, maximum: 2 },
  },
} as const

const jobVertexSchema = {
  type: 'object',
  required: [
    'id',
    'name',
    'parallelism',
    'maxParallelism',
    'slotSharingGroup',
    'isSource',
    'inputs',
  ],
  properties: {
    id: { type: 'string', pattern: HEX_ID_PATTERN.source },
    name: { type: 'string' },
    parallelism: { type: 'integer', minimum: 1 },
    maxParallelism: { type: 'integer', minimum: 1 },
    slotSharingGroup: { type: 'string' },
    isSource: { type: 'boolean' },
    inputs: { type: 'array', items: jobEdgeSchema },
  },
} as const

/**
 * The JSON schema of a JobSubmission. Unknown fields pass: the submission type lives in
 * runtime/common and may grow, and the Dispatcher checks the graph's meaning; this schema only
 * keeps malformed data from reaching it.
 */
export const JOB_SUBMISSION_SCHEMA = {
  type: 'object',
  required: ['jobGraph', 'bundle', 'programArgs', 'environment', 'configuration'],
  properties: {
    jobGraph: {
      type: 'object',
      required: ['jobId', 'jobName', 'vertices', 'plan'],
      properties: {
        jobId: { type: 'string', pattern: HEX_ID_PATTERN.source },
        jobName: { type: 'string' },
        vertices: { type: 'array', minItems: 1, items: jobVertexSchema },
        plan: { type: 'string' },
      },
    },
    bundle: { type: 'string', minLength: 1 },
    programArgs: { type: 'array', items: { type: 'string' } },
    environment: stringMap,
    // Typed values (numbers, booleans, lists) as Configuration.toMap() writes them; the Dispatcher
    // validates every key and value.
    configuration: { type: 'object' },
  },
} as const

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Why `bundle` is not valid base64 (standard alphabet, padded), or undefined when it is. Node's
 * decoder skips invalid characters silently, so without this a corrupted bundle would surface
 * later as a baffling syntax error on a TaskManager.
 */
export function checkBase64(bundle: string): string | undefined {
  if (bundle.length % 4 !== 0) {
    return `its length ${bundle.length} is not a multiple of 4 (is it padded?)`
  }
  if (BASE64.test(bundle)) return undefined
  const at = bundle.search(/[^A-Za-z0-9+/]/)
  return `character ${JSON.stringify(bundle[at])} at offset ${at} is not in the base64 alphabet ('=' may only pad the end)`
}
