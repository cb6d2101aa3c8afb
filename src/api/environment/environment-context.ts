// The configuration `getExecutionEnvironment()` starts from. A launcher (the CLI, a TaskManager's
// plan-mode replay) sets it before the program runs, as Flink's CLI installs a context environment.
import { Configuration } from '../../core/config/configuration.js'

let contextConfiguration: Configuration | undefined

export function setContextConfiguration(configuration: Configuration | undefined): void {
  contextConfiguration = configuration
}

/** A copy of the context configuration, or an empty one outside a launcher. */
export function contextConfigurationCopy(): Configuration {
  return contextConfiguration?.clone() ?? new Configuration()
}

/** The context configuration itself (not a copy), so a launcher can restore it. */
export function getContextConfiguration(): Configuration | undefined {
  return contextConfiguration
}
