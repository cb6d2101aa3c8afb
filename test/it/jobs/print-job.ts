// A tiny job for the print() test: runs with print() and printToErr() and exits, so the test can
// read what the real PrintSink wrote to the process's stdout and stderr.
import { StreamExecutionEnvironment } from '../../../src/index.js'

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
env.fromData('hello', 'world').print()
env.fromData({ word: 'a', n: 1 }).print('obj')
env.fromData(1, 2).print().setParallelism(2)
env.fromData(3, 4).print('id').setParallelism(2)
env.fromData('oops').printToErr()
await env.execute('print job')
