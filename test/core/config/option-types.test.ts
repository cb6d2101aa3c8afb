import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { ConfigOptions } from '../../../src/core/config/config-options.js'
import { formatDuration, parseDuration } from '../../../src/core/config/duration.js'
import { formatMemorySize, parseMemorySize } from '../../../src/core/config/memory-size.js'

describe('parseDuration', () => {
  it("reads Flink's duration strings as milliseconds", () => {
    const inputs = [
      '10 s',
      '1 min',
      '500ms',
      '1h',
      '2 d',
      '250',
      ' 3 SECONDS ',
      '7 mins',
      '1500 µs',
      '2000000 ns',
    ]
    assert.deepStrictEqual(
      inputs.map(parseDuration),
      [10_000, 60_000, 500, 3_600_000, 172_800_000, 250, 3000, 420_000, 1.5, 2],
    )
  })

  it('names what is wrong', () => {
    assert.throws(() => parseDuration('10 parsecs'), {
      message: "unknown time unit 'parsecs'; known units: d, h, min, s, ms, µs, ns",
    })
    assert.throws(() => parseDuration('s'), { message: 'does not start with a number' })
    assert.throws(() => parseDuration('  '), { message: 'empty value' })
  })

  it('formats in the largest exact unit', () => {
    assert.deepStrictEqual(
      [200, 1000, 90_000, 3_600_000, 172_800_000, 0, 1.5].map(formatDuration),
      ['200 ms', '1 s', '90 s', '1 h', '2 d', '0 ms', '1.5 ms'],
    )
  })
})

describe('parseMemorySize', () => {
  it("reads Flink's memory strings as bytes, with binary units", () => {
    assert.deepStrictEqual(
      ['32 kb', '64m', '1 gb', '100', '2 bytes', '1t', '3 MEBIBYTES'].map(parseMemorySize),
      [32_768, 67_108_864, 1_073_741_824, 100, 2, 1_099_511_627_776, 3_145_728],
    )
  })

  it('rejects unknown units', () => {
    assert.throws(() => parseMemorySize('3 kilos'), {
      message: "unknown memory unit 'kilos'; known units: b, kb, mb, gb, tb",
    })
  })

  it('formats in the largest exact unit', () => {
    assert.deepStrictEqual([32_768, 1536, 1_073_741_824, 0].map(formatMemorySize), [
      '32 kb',
      '1536 bytes',
      '1 gb',
      '0 bytes',
    ])
  })
})

describe('ConfigOptions option types', () => {
  it('parse what users write into typed values', () => {
    const parse = (option: { parseValue(raw: unknown): unknown }, raw: unknown): unknown =>
      option.parseValue(raw)
    const b = ConfigOptions.key('k')
    assert.deepStrictEqual(
      [
        parse(b.intType().defaultValue(0), ' 42 '),
        parse(b.intType().defaultValue(0), -7),
        parse(b.longType().defaultValue(0), '9007199254740991'),
        parse(b.doubleType().defaultValue(0), '0.25'),
        parse(b.booleanType().defaultValue(false), 'TRUE'),
        parse(b.stringType().defaultValue(''), 2024),
        parse(b.durationType().defaultValue(0), '1 min'),
        parse(b.durationType().defaultValue(0), 1500),
        parse(b.memoryType().defaultValue(0), '64m'),
        parse(b.enumType(['STREAMING', 'BATCH']).defaultValue('STREAMING'), 'batch'),
        parse(b.stringType().asList().defaultValues(), 'a; b;c'),
        parse(b.stringType().asList().defaultValues(), '[a, b]'),
        parse(b.intType().asList().defaultValues(), [1, '2']),
        parse(
          b.schemaType(z.number().int().min(1), 'Positive', 'a positive integer').defaultValue(1),
          3,
        ),
      ],
      [
        42,
        -7,
        9007199254740991,
        0.25,
        true,
        '2024',
        60_000,
        1500,
        67_108_864,
        'BATCH',
        ['a', 'b', 'c'],
        ['a', 'b'],
        [1, 2],
        3,
      ],
    )
  })

  it('reject what does not fit, naming key, value and expected form', () => {
    const cases: [{ parseValue(raw: unknown): unknown }, unknown, string][] = [
      [
        ConfigOptions.key('parallelism.default').intType().defaultValue(1),
        'four',
        "Invalid value 'four' for configuration key 'parallelism.default': expected an integer between -2147483648 and 2147483647",
      ],
      [
        ConfigOptions.key('i').intType().defaultValue(1),
        2 ** 31,
        "Invalid value 2147483648 for configuration key 'i': expected an integer between -2147483648 and 2147483647 (out of the 32-bit integer range)",
      ],
      [
        ConfigOptions.key('b').booleanType().defaultValue(true),
        'yes',
        "Invalid value 'yes' for configuration key 'b': expected true or false",
      ],
      [
        ConfigOptions.key('d').durationType().defaultValue(1),
        '5 fortnights',
        "Invalid value '5 fortnights' for configuration key 'd': expected a duration: milliseconds, or a number with a unit such as '500 ms', '10 s', '1 min', '1 h', '2 d' (unknown time unit 'fortnights'; known units: d, h, min, s, ms, µs, ns)",
      ],
      [
        ConfigOptions.key('e').enumType(['STREAMING', 'BATCH']).defaultValue('BATCH'),
        'STREAM',
        "Invalid value 'STREAM' for configuration key 'e': expected one of STREAMING, BATCH",
      ],
      [
        ConfigOptions.key('l').intType().asList().defaultValues(),
        { a: 1 },
        "Invalid value {\"a\":1} for configuration key 'l': expected a list ('[a, b]', 'a;b' or a YAML list) whose elements are each an integer between -2147483648 and 2147483647",
      ],
    ]
    for (const [option, raw, message] of cases) {
      assert.throws(() => option.parseValue(raw), { name: 'ConfigError', message })
    }
  })
})
