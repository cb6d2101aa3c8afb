// Options of the REST endpoint (API and dashboard).
// Flink: org.apache.flink.configuration.RestOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const RestOptions = Object.freeze({
  ADDRESS: ConfigOptions.key('rest.address')
    .stringType()
    .defaultValue('127.0.0.1')
    .withDescription('The address the REST server binds to and clients connect to.'),

  PORT: ConfigOptions.key('rest.port')
    .intType()
    .defaultValue(8081)
    .withDescription('The port of the REST server. 0 picks a free port.'),
})
