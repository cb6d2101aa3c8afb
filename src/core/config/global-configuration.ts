// Loads the configuration a process starts with: config.yaml, then the EDDY_PROPERTIES
// environment variable (multi-line `key: value`, like Flink's FLINK_PROPERTIES), then
// `-D key=value` dynamic properties; later sources win. Everything is validated at load, so a
// typo fails start-up.
// Flink: org.apache.flink.configuration.GlobalConfiguration.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, describe } from '../errors.js'
import { Configuration } from './configuration.js'
import type { OptionRegistry } from './option-registry.js'
import { parseConfigYaml } from './yaml-config-parser.js'

/** The file name looked for in a configuration directory. */
export const CONFIG_FILE_NAME = 'config.yaml'

/** The environment variable holding extra `key: value` lines. */
export const ENV_PROPERTIES = 'EDDY_PROPERTIES'

export interface LoadConfigurationOptions {
  /** `-D` values, as 'key=value' (a leading '-D' is accepted too). */
  readonly dynamicProperties?: readonly string[]
  /** The environment to read EDDY_PROPERTIES from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The known options; defaults to every option Eddy declares. */
  readonly registry?: OptionRegistry
}

/**
 * Loads the configuration from a directory holding config.yaml, or from a YAML file, or from
 * nothing (`undefined`: defaults plus overrides). Throws a ConfigError when the file is missing or
 * malformed, or when a key is unknown or a value invalid.
 *
 * @public
 * @example
 * const conf = loadConfiguration('./conf', { dynamicProperties: ['parallelism.default=4'] })
 */
export function loadConfiguration(
  path?: string,
  options: LoadConfigurationOptions = {},
): Configuration {
  const registry = options.registry === undefined ? {} : { registry: options.registry }
  const conf = new Configuration()
  if (path !== undefined) {
    const file = resolveConfigFile(path)
    const map = parseConfigYaml(readText(file), file)
    conf.addAll(Configuration.fromMap(map, { ...registry, source: file }))
  }
  const envText = (options.env ?? process.env)[ENV_PROPERTIES]
  if (envText !== undefined && envText.trim() !== '') {
    const map = parseConfigYaml(envText, ENV_PROPERTIES)
    conf.addAll(Configuration.fromMap(map, { ...registry, source: ENV_PROPERTIES }))
  }
  const dynamic = parseDynamicProperties(options.dynamicProperties ?? [])
  conf.addAll(Configuration.fromMap(dynamic, { ...registry, source: '-D' }))
  return conf
}

/**
 * Splits 'key=value' strings at the first '='; values stay strings, parsed later by each option's
 * type. Throws a ConfigError for a string without '=' or with an empty key.
 */
export function parseDynamicProperties(properties: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const property of properties) {
    const text = property.startsWith('-D') ? property.slice(2) : property
    const eq = text.indexOf('=')
    const key = eq < 0 ? '' : text.slice(0, eq).trim()
    if (key === '') {
      throw new ConfigError(`Invalid dynamic property '-D${text}': expected -D<key>=<value>`, key)
    }
    map[key] = text.slice(eq + 1).trim()
  }
  return map
}

function resolveConfigFile(path: string): string {
  try {
    return statSync(path).isDirectory() ? join(path, CONFIG_FILE_NAME) : path
  } catch (e: unknown) {
    throw new ConfigError(`Configuration path '${path}' does not exist`, '', e)
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (e: unknown) {
    throw new ConfigError(`Cannot read configuration file '${file}': ${describe(e)}`, '', e)
  }
}
