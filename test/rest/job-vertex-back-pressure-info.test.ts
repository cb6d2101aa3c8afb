import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { getBackPressureLevel } from '../../src/rest/job-vertex-back-pressure-info.js'

describe('getBackPressureLevel', () => {
  it("uses Flink's thresholds: ok up to 0.10, low up to 0.5, high above", () => {
    const ratios = [0, 0.1, 0.101, 0.5, 0.501, 1]
    assert.deepStrictEqual(ratios.map(getBackPressureLevel), [
      'ok',
      'ok',
      'low',
      'low',
      'high',
      'high',
    ])
  })
})
