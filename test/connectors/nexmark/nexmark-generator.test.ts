import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { InvalidProgramError } from '../../../src/core/errors.js'
import { DataInputDeserializer } from '../../../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'
import {
  EVENT_TYPE,
  EventType,
  NexmarkGenerator,
  type Event,
  type NexmarkConfiguration,
} from '../../../src/connectors/nexmark/index.js'

// The expected events come from nexmark-flink's own generator (github.com/nexmark/nexmark at
// 6b3646c, package com.github.nexmark.flink.generator), compiled and run on OpenJDK 17 with its
// randomness made deterministic the way Eddy's is: `new java.util.Random(eventId)` per event (as
// nexmark-flink did until 2021) instead of an unseeded SplittableRandom, and fixed seeds for the
// shared URL table (0x4e45584d) and padding string (0x41524b). reference/make-golden.sh
// regenerates them: `make-golden.sh <checkout> numEvents=5000 | sha256sum`, and so on.

/** One line per event as the Java harness printed it: index|timestamp|watermark|kind|fields. */
function line(generator: NexmarkGenerator, index: number): string {
  const e = generator.eventAt(index)
  const head = `${index}|${generator.timestampAt(index)}|${generator.watermarkAt(index)}|`
  switch (e.type) {
    case EventType.PERSON: {
      const p = e.person
      return `${head}P|${p.id}|${p.name}|${p.emailAddress}|${p.creditCard}|${p.city}|${p.state}|${p.dateTime}|${p.extra}`
    }
    case EventType.AUCTION: {
      const a = e.auction
      return `${head}A|${a.id}|${a.itemName}|${a.description}|${a.initialBid}|${a.reserve}|${a.dateTime}|${a.expires}|${a.seller}|${a.category}|${a.extra}`
    }
    case EventType.BID: {
      const b = e.bid
      return `${head}B|${b.auction}|${b.bidder}|${b.price}|${b.channel}|${b.url}|${b.dateTime}|${b.extra}`
    }
  }
}

/** SHA-256 of the lines of the first `count` events, each followed by a newline. */
function digest(config: Partial<NexmarkConfiguration>, count: number): string {
  const generator = new NexmarkGenerator(config)
  const hash = createHash('sha256')
  for (let i = 0; i < count; i++) hash.update(line(generator, i) + '\n')
  return hash.digest('hex')
}

const GOLDEN: [number, Event][] = [
  [
    0,
    {
      type: 1,
      person: null,
      bid: null,
      auction: {
        id: 1001,
        itemName: 'z ck w',
        description:
          'cwlachrnkfzkygsu edjytotggvasbt z yjjszhhsqtrgzblkaolzkhlldqedvgj fdbvswemnzshmwipqrzqfkd',
        initialBid: 25626290,
        reserve: 28805847,
        dateTime: 1436918400000,
        expires: 1436918400202,
        seller: 1000,
        category: 12,
        extra:
          '_WUHT\\Y`OSZIZ\\UZHKIOZY]M\\ROPMP_JQZMaR]MVLTSINziwxshL[\\R`ZkcyttsqlyqwtQ]PM_QI`PWUXcpqpug[S^a_[xnomrrX`QaQOxxqjijzcssxa]RQRIMWWa]NHRSaQOMbpjdsqevlypkjdoulrpjpxbsbyjdaeY`KXXMTKVN_N_HWPIIfloizcyuvawhwwihvdQPXT\\NX]WOXJxbtivfbbodzs^aOTRaSVT`V`ilmsnoVUS_N[NZMRQ\\QYHaVYfrpecdpuptno`^RIY`PIXYUS][_M[ZZJU^PVUHIJ^OYQUI\\Tyilniarepi',
      },
    },
  ],
  [
    2,
    {
      type: 2,
      person: null,
      auction: null,
      bid: {
        auction: 1000,
        bidder: 2001,
        price: 32530001,
        channel: 'Google',
        url: 'https://www.nexmark.com/vfk/czu/ium/item.htm?query=1',
        dateTime: 1436918400000,
        extra: 'dpYYKMOT[ZN[\\_dmfdjcXR_\\_^R`KJ_MaPO_]JKMMKJJ]JXKaLV_\\MJSp',
      },
    },
  ],
  [
    5,
    {
      type: 2,
      person: null,
      auction: null,
      bid: {
        auction: 1000,
        bidder: 2001,
        price: 3126206,
        channel: 'channel-6254',
        url: 'https://www.nexmark.com/zwmg/fwcu/gjt/item.htm?query=1&channel_id=1981284352',
        dateTime: 1436918400000,
        extra: 'nyamcgegzsgrbebT\\_Pa^qobuijchpphoyuvttj]RILP]HROT^_pqbnmuyjwfmy]`a',
      },
    },
  ],
  [
    48,
    {
      type: 0,
      auction: null,
      bid: null,
      person: {
        id: 1001,
        name: 'Sarah Smith',
        emailAddress: 'f  y@yumv.com',
        creditCard: '0892 2755 1923 0591',
        city: 'Los Angeles',
        state: 'ID',
        dateTime: 1436918400004,
        extra:
          'NPWVHYOSQfxmedoZY^OOMqzcamxyrqkuiOJYXLKymduktaJK[OPXaPYOL_VRaN\\lcqhofVQZVRRIWRVOQYM]Y_PkwwwedercjmgH_IZ^TPZSP\\_szvcxzwppttrkrbswyLX_[PSvgfgfmjdtdgx_VHPLK',
      },
    },
  ],
]

describe('NexmarkGenerator', () => {
  it('generates the reference events, field for field', () => {
    const generator = new NexmarkGenerator({ numEvents: 50 })
    for (const [index, event] of GOLDEN) {
      assert.deepStrictEqual(generator.eventAt(index), event, `event ${index}`)
    }
  })

  it('generates the reference stream for the default configuration (5000 events)', () => {
    assert.equal(
      digest({ numEvents: 5000 }, 5000),
      '67a19b8e87bf62f222335098bd41fe1a489ff1a78ffb68199bebadc9e40a0a4f',
    )
  })

  it('generates the reference stream with out-of-order groups and every knob changed', () => {
    const config: Partial<NexmarkConfiguration> = {
      numEvents: 3000,
      outOfOrderGroupSize: 7,
      firstEventRate: 1234,
      firstEventId: 0,
      firstEventNumber: 0,
      personProportion: 3,
      auctionProportion: 5,
      bidProportion: 7,
      avgPersonByteSize: 50,
      avgAuctionByteSize: 300,
      avgBidByteSize: 60,
      hotAuctionRatio: 1,
      hotSellersRatio: 3,
      hotBiddersRatio: 7,
      numActivePeople: 5,
      numInFlightAuctions: 3,
      baseTime: 0,
    }
    assert.equal(
      digest(config, 3000),
      '2c53cc8aeb54852482515fcfbbfc644b676c1de76f7faf6326fa1913a595a720',
    )
  })

  it('mixes 1 person, 3 auctions and 46 bids in every 50 events', () => {
    const generator = new NexmarkGenerator({ numEvents: 100 })
    for (const from of [0, 50]) {
      const counts = [0, 0, 0]
      for (let i = from; i < from + 50; i++) counts[generator.eventAt(i).type]!++
      assert.deepStrictEqual(counts, [1, 3, 46])
    }
  })

  it('stamps events from the event rate and the base time', () => {
    const generator = new NexmarkGenerator({ firstEventRate: 1000, baseTime: 5_000 })
    // Event i has event number i + 1, 1 ms apart.
    assert.deepStrictEqual(
      [0, 1, 2, 999].map((i) => generator.timestampAt(i)),
      [5_001, 5_002, 5_003, 6_000],
    )
    assert.deepStrictEqual(
      [0, 1, 2].map((i) => {
        const e = generator.eventAt(i)
        return e.type === EventType.BID ? e.bid.dateTime : (e.auction ?? e.person).dateTime
      }),
      [5_001, 5_002, 5_003],
    )
  })

  it('is deterministic: two generators, or random access and iteration, agree', () => {
    const a = new NexmarkGenerator({ numEvents: 300 })
    const b = new NexmarkGenerator({ numEvents: 300 })
    const iterated: Event[] = []
    while (a.hasNext()) iterated.push(a.next())
    const backwards = Array.from({ length: 300 }, (_, i) => b.eventAt(299 - i)).reverse()
    assert.equal(a.getEventsCountSoFar(), 300)
    assert.deepStrictEqual(iterated, backwards)
    assert.deepStrictEqual([...new NexmarkGenerator({ numEvents: 300 })], iterated)
    assert.throws(() => a.next(), RangeError)
  })

  it('continues from a position given to seek', () => {
    const generator = new NexmarkGenerator({ numEvents: 20 })
    const all = [...generator]
    generator.seek(15)
    assert.deepStrictEqual([...generator], all.slice(15))
  })

  it('is unbounded with numEvents 0, up to the reference cap', () => {
    // Long.MAX_VALUE / (50 * 500), as GeneratorConfig computes it.
    assert.equal(new NexmarkGenerator().maxEvents, 368934881474191)
    assert.equal(new NexmarkGenerator({ numEvents: 7 }).maxEvents, 7)
  })

  it('produces events of EVENT_TYPE, which round-trip through its serializer', () => {
    const generator = new NexmarkGenerator({ numEvents: 100 })
    const serializer = EVENT_TYPE.createSerializer()
    for (const event of generator) {
      assert.equal(EVENT_TYPE.validate(event), undefined)
      const out = new DataOutputSerializer()
      serializer.serialize(event, out)
      const copy = serializer.deserialize(new DataInputDeserializer(out.toUint8Array()))
      assert.deepStrictEqual(copy, event)
    }
  })

  it('rejects unknown fields and invalid values, naming the field', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ numEvent: 10 }, /'numEvent'/],
      [{ numEvents: -1 }, /'numEvents'/],
      [{ firstEventRate: 0 }, /'firstEventRate'/],
      [{ bidProportion: 1.5 }, /'bidProportion'/],
      [{ rateShape: 'TRIANGLE' }, /'rateShape'/],
    ]
    for (const [config, message] of bad) {
      assert.throws(
        () => new NexmarkGenerator(config as Partial<NexmarkConfiguration>),
        (e: unknown) => e instanceof InvalidProgramError && message.test(e.message),
      )
    }
  })
})
