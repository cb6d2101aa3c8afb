// Reads config.yaml text into flat dotted keys, Flink 2 style: nested maps and dotted keys are the
// same (`parallelism: {default: 4}` == `parallelism.default: 4`); lists and scalars are values.
// Flink: org.apache.flink.configuration.YamlParserUtils.
import { isMap, LineCounter, parseDocument } from 'yaml'
import { ConfigError } from '../errors.js'

/**
 * Parses YAML and flattens it. Throws a ConfigError with the line and column of a syntax error,
 * and one naming the key when nested and dotted spellings define a key twice.
 */
export function parseConfigYaml(text: string, source: string): Record<string, unknown> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const error = doc.errors[0]
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0])
    const message = error.message.split('\n')[0]
    throw new ConfigError(
      `Invalid YAML in ${source} at line ${line}, column ${col}: ${message}`,
      '',
      error,
    )
  }
  if (doc.contents === null) return {}
  if (!isMap(doc.contents)) {
    throw new ConfigError(`${source} must be a map of configuration keys to values`, '')
  }
  const flat: Record<string, unknown> = {}
  flatten(doc.toJS() as Record<string, unknown>, '', flat, source)
  return flat
}

function flatten(
  map: Record<string, unknown>,
  prefix: string,
  into: Record<string, unknown>,
  source: string,
): void {
  for (const [name, value] of Object.entries(map)) {
    const key = prefix + name
    if (isPlainMap(value)) {
      flatten(value, `${key}.`, into, source)
    } else if (Object.hasOwn(into, key)) {
      throw new ConfigError(`Configuration key '${key}' is defined twice in ${source}`, key)
    } else {
      into[key] = value
    }
  }
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
