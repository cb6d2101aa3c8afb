import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { JavaRandom } from '../../../src/connectors/nexmark/index.js'

// Expected values printed by java.util.Random on OpenJDK 17.0.15 (java is on the build machine).
describe('JavaRandom', () => {
  it('returns java.util.Random(42).nextInt()', () => {
    assert.equal(new JavaRandom(42).nextInt(), -1170105035)
  })

  it('returns the nextInt(10) sequence of java.util.Random(42)', () => {
    const random = new JavaRandom(42)
    const drawn = Array.from({ length: 10 }, () => random.nextInt(10))
    assert.deepStrictEqual(drawn, [0, 3, 8, 4, 0, 5, 5, 8, 9, 3])
  })

  it('matches the JVM on every method, for seeds of every range', () => {
    // Per seed: nextInt(), nextInt(13), nextInt(2^20), nextInt(1000000007) (rejection loop),
    // nextLong(), nextDouble(), nextInt(Integer.MAX_VALUE), nextInt(2^30 + 1).
    const expected: [number, [number, number, number, number, bigint, number, number, number]][] = [
      [
        0,
        [
          -1155484576,
          5,
          252220,
          302116440,
          -6688467811848818630n,
          0.5504370051176339,
          1283218719,
          715581077,
        ],
      ],
      [
        1,
        [
          -1155869325,
          0,
          430000,
          874970313,
          3831662765844904176n,
          0.3327170559595112,
          2078239978,
          13136569,
        ],
      ],
      [
        42,
        [
          -1170105035,
          7,
          716411,
          102948884,
          5694868678511409995n,
          0.27707849007413665,
          1429255519,
          196118093,
        ],
      ],
      [
        -1,
        [
          1155099827,
          8,
          12866,
          176895432,
          -6233441030884181172n,
          0.4164383172882866,
          1774177765,
          121412731,
        ],
      ],
      [
        1000,
        [
          -1244746321,
          10,
          602759,
          988461124,
          -988390996874898054n,
          0.039405954311386604,
          1044557264,
          766854450,
        ],
      ],
      [
        123456789012345,
        [
          -1421006947,
          1,
          906057,
          308132645,
          -2184844392376802456n,
          0.08654980253943012,
          1748432479,
          849765284,
        ],
      ],
      [
        0x5deece66d,
        [0, 4, 43653, 379337186, 6725724361348706664n, 0.09229765068318274, 1131187612, 975888346],
      ],
    ]
    for (const [seed, values] of expected) {
      const r = new JavaRandom(seed)
      const drawn = [
        r.nextInt(),
        r.nextInt(13),
        r.nextInt(1 << 20),
        r.nextInt(1000000007),
        r.nextLong(),
        r.nextDouble(),
        r.nextInt(0x7fffffff),
        r.nextInt(0x40000001),
      ]
      assert.deepStrictEqual(drawn, values, `seed ${seed}`)
    }
  })

  it('uses only the low 48 bits of the seed, as Java does', () => {
    const a = new JavaRandom(1)
    const b = new JavaRandom(2 ** 48 + 1)
    const c = new JavaRandom(-(2 ** 53) + 1) // ≡ 1 mod 2^48
    assert.deepStrictEqual(
      [a.nextInt(), a.nextInt(), a.nextDouble()],
      [b.nextInt(), b.nextInt(), b.nextDouble()],
    )
    assert.deepStrictEqual(
      [new JavaRandom(1).nextInt(), new JavaRandom(1).nextInt(7)],
      [c.nextInt(), c.nextInt(7)],
    )
  })

  it('restarts the sequence on setSeed', () => {
    const r = new JavaRandom(7)
    const first = [r.nextInt(100), r.nextInt(), r.nextDouble()]
    r.setSeed(7)
    assert.deepStrictEqual([r.nextInt(100), r.nextInt(), r.nextDouble()], first)
  })

  it('rejects a bound that is not a positive int', () => {
    const r = new JavaRandom(0)
    assert.throws(() => r.nextInt(0), RangeError)
    assert.throws(() => r.nextInt(2 ** 31), RangeError)
    assert.throws(() => r.nextInt(1.5), RangeError)
  })
})
