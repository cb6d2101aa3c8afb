// TcpRpcService on real sockets on 127.0.0.1: connection loss, reconnection, frame limits, and a
// server that survives any bytes a peer sends (one log line, that connection closed, the others
// served).
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { Packr } from 'msgpackr'
import { decodeMessage, FrameDecoder, type RpcMessage } from '../../../src/runtime/rpc/rpc-codec.js'
import { RemoteError, RpcConnectionError } from '../../../src/runtime/rpc/rpc-errors.js'
import { TcpRpcService } from '../../../src/runtime/rpc/tcp-rpc-service.js'
import {
  closed,
  EchoEndpoint,
  frame,
  rawSocket,
  rejection,
  summary,
  until,
  type EchoGateway,
} from './support.js'

/** The line the server logs for a peer at `peer`. */
type LogLine = (server: string, peer: string) => string

const violation =
  (problem: string): LogLine =>
  (server, peer) =>
    `RPC server ${server}: closing the connection from ${peer}: RPC protocol violation: ${problem}`

const packr = new Packr({ useRecords: false, moreTypes: true })
const HOST = '127.0.0.1'

describe('TcpRpcService', () => {
  const started: TcpRpcService[] = []
  const logs: string[] = []
  const start = async (options: { port?: number; maxFrameBytes?: number } = {}) => {
    const service = await TcpRpcService.start({
      host: HOST,
      port: options.port ?? 0,
      onError: (message) => logs.push(message),
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    })
    started.push(service)
    return service
  }

  beforeEach(() => {
    logs.length = 0
  })

  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()))
  })

  it("binds the given host and a free port, and names them in 'address'", async () => {
    const service = await start()
    assert.match(service.address, /^127\.0\.0\.1:\d+$/)
    assert.notEqual(service.address, '127.0.0.1:0')
  })

  it('fails to start on a port that is taken, naming it', async () => {
    const taken = await start()
    const port = Number(taken.address.split(':')[1])
    const e = await rejection(start({ port }))
    assert.deepStrictEqual(summary(e), {
      class: 'EddyError',
      name: 'EddyError',
      message: `Could not start the RPC server on ${taken.address}: listen EADDRINUSE: address already in use ${taken.address}`,
      code: 'rpc.bind-failed',
      domain: 'external',
      failureType: 'EnvironmentError',
      context: { host: HOST, port },
      cause: { notAnEddyError: (e as Error).cause },
    })
  })

  it('rejects a connect() to an address that is not host:port', async () => {
    const client = await start()
    assert.throws(() => client.connect('local://other', 'echo'), {
      name: 'EddyError',
      code: 'rpc.invalid-address',
      message: "Invalid RPC address 'local://other': expected 'host:port'",
    })
  })

  it('rejects pending calls with RpcConnectionError when the server goes away', async () => {
    const server = await start()
    const client = await start()
    const endpoint = new EchoEndpoint()
    server.registerEndpoint('echo', endpoint)
    const gateway = client.connect<EchoGateway>(server.address, 'echo')
    const pending = gateway.hold('forever')
    await endpoint.started('forever').promise
    await server.close()
    const e = await rejection(pending)
    assert.deepStrictEqual(summary(e), {
      class: 'RpcConnectionError',
      name: 'RpcConnectionError',
      message: `Connection to RPC service at ${server.address} closed while call echo.hold was pending`,
      code: 'rpc.connection',
      domain: 'external',
      failureType: 'RecoverableError',
      context: { address: server.address, endpoint: 'echo', method: 'hold' },
    })
    assert.deepStrictEqual(logs, [])
  })

  it('rejects calls to an unreachable peer, and reconnects once the server is back on its port', async () => {
    const client = await start()
    let server = await start()
    const address = server.address
    const port = Number(address.split(':')[1])
    const endpoint = new EchoEndpoint()
    server.registerEndpoint('echo', endpoint)
    const gateway = client.connect<EchoGateway>(address, 'echo')
    assert.equal(await gateway.echo('first'), 'first')

    // A call pending across the shutdown tells when the client has seen the connection close.
    const pending = gateway.hold('across shutdown')
    await endpoint.started('across shutdown').promise
    await server.close()
    assert.ok((await rejection(pending)) instanceof RpcConnectionError)
    const e = await rejection(gateway.echo('while down'))
    assert.ok(e instanceof RpcConnectionError)
    assert.equal(
      e.message,
      `Could not connect to RPC service at ${address} (call echo.echo): connect ECONNREFUSED ${address}`,
    )

    server = await start({ port })
    server.registerEndpoint('echo', new EchoEndpoint())
    assert.equal(await gateway.echo('again'), 'again')
  })

  it('rejects a request larger than maxFrameBytes without sending it', async () => {
    const server = await start()
    const client = await start({ maxFrameBytes: 64 })
    server.registerEndpoint('echo', new EchoEndpoint())
    const gateway = client.connect<EchoGateway>(server.address, 'echo')
    const e = await rejection(gateway.echo('x'.repeat(100)))
    assert.deepStrictEqual(summary(e), {
      class: 'EddyError',
      name: 'EddyError',
      message: 'RPC message of 144 bytes exceeds the maximum frame size of 64 bytes',
      code: 'rpc.frame-too-large',
      domain: 'user',
      failureType: 'RecoverableError',
      context: { bytes: 144, maxFrameBytes: 64 },
    })
    assert.equal(await gateway.echo('small'), 'small')
  })

  it('fails a call whose result exceeds the server maxFrameBytes with a RemoteError', async () => {
    const server = await start({ maxFrameBytes: 300 })
    const client = await start()
    server.registerEndpoint('echo', new EchoEndpoint())
    const gateway = client.connect<EchoGateway>(server.address, 'echo')
    const e = await rejection(gateway.repeat('y', 400))
    assert.ok(e instanceof RemoteError)
    assert.deepStrictEqual(
      [e.remoteName, e.remoteCode, e.message],
      [
        'EddyError',
        'rpc.frame-too-large',
        'RPC message of 423 bytes exceeds the maximum frame size of 300 bytes',
      ],
    )
    assert.equal(await gateway.echo('small'), 'small')
  })

  it('never invokes Object.prototype names, getters or non-function fields', async () => {
    const server = await start()
    let getterRuns = 0
    const endpoint = Object.assign(new EchoEndpoint(), { field: 42 })
    Object.defineProperty(endpoint, 'risky', {
      get: () => {
        getterRuns++
        return () => 'ran'
      },
    })
    server.registerEndpoint('echo', endpoint)
    const names = [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'risky',
      'field',
    ]
    const socket = await rawSocket(server.address)
    const replies: RpcMessage[] = []
    const decoder = new FrameDecoder(1 << 20)
    socket.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (payload) => replies.push(decodeMessage(payload))),
    )
    names.forEach((method, id) =>
      socket.write(frame(packr.pack({ t: 0, id, endpoint: 'echo', method, args: [] }))),
    )
    await until(() => replies.length === names.length, 'a reply to every request')
    socket.destroy()
    assert.deepStrictEqual(
      [...replies]
        .sort((a, b) => a.id - b.id)
        .map((r) => (r.t === 1 && !r.ok ? [r.id, r.error.code, r.error.message] : r)),
      names.map((method, id) => [
        id,
        'rpc.unknown-method',
        `RPC endpoint 'echo' at ${server.address} has no method '${method}'`,
      ]),
    )
    assert.equal(getterRuns, 0)
  })

  describe('closes a connection that breaks the protocol, logs one line, serves the others', () => {
    const cases: { name: string; bytes: Buffer; end?: boolean; log: LogLine }[] = [
      {
        name: 'garbage bytes (an HTTP request)',
        bytes: Buffer.from('GET / HTTP/1.1\r\nHost: eddy\r\n\r\n'),
        log: violation('frame of 1195725856 bytes announced, the maximum is 1024'),
      },
      {
        name: 'a truncated frame followed by close',
        bytes: Buffer.concat([Buffer.from([0, 0, 0, 100]), Buffer.alloc(10)]),
        end: true,
        log: (server, peer) =>
          `RPC server ${server}: the connection from ${peer} closed in the middle of a frame (14 bytes received)`,
      },
      {
        name: 'a frame announcing more than maxFrameBytes',
        bytes: Buffer.from([0, 0, 4, 1]),
        log: violation('frame of 1025 bytes announced, the maximum is 1024'),
      },
      {
        name: 'a valid length with an undecodable payload',
        bytes: frame(Buffer.from([0x92, 0x01])),
        log: violation('undecodable payload of 2 bytes (Unexpected end of MessagePack data)'),
      },
      {
        name: 'an empty payload',
        bytes: frame(Buffer.alloc(0)),
        log: violation('undecodable payload of 0 bytes (Unexpected end of MessagePack data)'),
      },
      {
        name: 'a payload with bytes after the message',
        bytes: frame(Buffer.concat([packr.pack({ t: 0 }), Buffer.from([1])])),
        log: violation(
          'undecodable payload of 7 bytes (Data read, but end of buffer not reached {"t":0})',
        ),
      },
      {
        name: 'MessagePack that is not a map',
        bytes: frame(packr.pack([0, 1, 'echo', 'echo', []])),
        log: violation('message is not a map'),
      },
      {
        name: 'a message of an unknown type',
        bytes: frame(packr.pack({ t: 7, id: 1 })),
        log: violation('message type t is neither 0 (request) nor 1 (response)'),
      },
      {
        name: 'a request with a negative id',
        bytes: frame(packr.pack({ t: 0, id: -1, endpoint: 'echo', method: 'echo', args: [] })),
        log: violation('message id is not a non-negative integer'),
      },
      {
        name: 'a request without a method',
        bytes: frame(packr.pack({ t: 0, id: 1, endpoint: 'echo', args: [] })),
        log: violation('request method is not a string'),
      },
      {
        name: 'a request whose args are not an array',
        bytes: frame(packr.pack({ t: 0, id: 1, endpoint: 'echo', method: 'echo', args: 'x' })),
        log: violation('request args is not an array'),
      },
      {
        name: 'a request with a non-string token',
        bytes: frame(
          packr.pack({ t: 0, id: 1, endpoint: 'echo', method: 'echo', args: [], token: 1 }),
        ),
        log: violation('request token is not a string'),
      },
      {
        name: 'a response sent to the server',
        bytes: frame(packr.pack({ t: 1, id: 1, ok: true, value: 1 })),
        log: violation('a response arrived on a server connection'),
      },
    ]

    for (const c of cases) {
      it(`on ${c.name}`, async () => {
        const server = await start({ maxFrameBytes: 1024 })
        const client = await start()
        server.registerEndpoint('echo', new EchoEndpoint())
        const gateway = client.connect<EchoGateway>(server.address, 'echo')
        assert.equal(await gateway.echo('before'), 'before')

        const socket = await rawSocket(server.address)
        const peer = `${HOST}:${socket.localPort}`
        const received = closed(socket)
        if (c.end === true) socket.end(c.bytes)
        else socket.write(c.bytes)
        assert.deepStrictEqual(await received, Buffer.alloc(0))
        await until(() => logs.length > 0, 'the server to log the broken connection')

        assert.deepStrictEqual(logs, [c.log(server.address, peer)])
        assert.equal(await gateway.echo('after'), 'after')
      })
    }
  })

  describe('as a client of a peer that answers with garbage', () => {
    let peer: Server
    let address: string

    beforeEach(async () => {
      peer = createServer((socket) => {
        socket.on('error', () => {
          // The client resets the connection it gives up on; nothing to check here.
        })
        socket.once('data', () => socket.write(frame(packr.pack({ t: 0, id: 0 }))))
      })
      await new Promise<void>((resolve) => peer.listen(0, HOST, resolve))
      const bound = peer.address()
      assert.ok(typeof bound === 'object' && bound !== null)
      address = `${HOST}:${bound.port}`
    })

    afterEach(() => new Promise<void>((resolve) => peer.close(() => resolve())))

    it('closes the connection, logs one line and rejects the pending calls', async () => {
      const client = await start()
      const gateway = client.connect<EchoGateway>(address, 'echo')
      const e = await rejection(gateway.echo('hello'))
      assert.deepStrictEqual(summary(e), {
        class: 'RpcConnectionError',
        name: 'RpcConnectionError',
        message:
          `Connection to RPC service at ${address} closed while call echo.echo was pending: ` +
          'RPC protocol violation: request endpoint is not a string',
        code: 'rpc.connection',
        domain: 'external',
        failureType: 'RecoverableError',
        context: { address, endpoint: 'echo', method: 'echo' },
        cause: {
          class: 'EddyError',
          name: 'EddyError',
          message: 'RPC protocol violation: request endpoint is not a string',
          code: 'rpc.protocol-violation',
          domain: 'external',
          failureType: 'RecoverableError',
          context: {},
        },
      })
      assert.deepStrictEqual(logs, [
        `RPC connection to ${address} closed: RPC protocol violation: request endpoint is not a string`,
      ])
    })
  })
})
