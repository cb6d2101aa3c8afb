// The prefix and suffix of part file names: `<prefix>-<uuid>-<counter><suffix>` when finished.
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig.
import { InvalidProgramError } from '../../core/errors.js'

/**
 * @public
 * @example
 * OutputFileConfig.builder().withPartPrefix('events').withPartSuffix('.txt').build()
 */
export class OutputFileConfig {
  readonly partPrefix: string
  readonly partSuffix: string

  constructor(partPrefix = 'part', partSuffix = '') {
    for (const [name, value] of [
      ['partPrefix', partPrefix],
      ['partSuffix', partSuffix],
    ] as const) {
      if (value.includes('/') || value.includes('\\')) {
        throw new InvalidProgramError(
          `OutputFileConfig ${name} must not contain a path separator`,
          {
            option: name,
            value,
          },
        )
      }
    }
    this.partPrefix = partPrefix
    this.partSuffix = partSuffix
  }

  static builder(): OutputFileConfigBuilder {
    return new OutputFileConfigBuilder()
  }

  getPartPrefix(): string {
    return this.partPrefix
  }

  getPartSuffix(): string {
    return this.partSuffix
  }
}

/** Flink: OutputFileConfig.OutputFileConfigBuilder. */
export class OutputFileConfigBuilder {
  private partPrefix = 'part'
  private partSuffix = ''

  withPartPrefix(prefix: string): this {
    this.partPrefix = prefix
    return this
  }

  withPartSuffix(suffix: string): this {
    this.partSuffix = suffix
    return this
  }

  build(): OutputFileConfig {
    return new OutputFileConfig(this.partPrefix, this.partSuffix)
  }
}
