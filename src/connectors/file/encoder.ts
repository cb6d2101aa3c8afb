// How a row-format FileSink turns one record into bytes of a part file. `encode` runs on the
// record path: it must be synchronous and should not allocate more than the record's text.
// Flink: org.apache.flink.api.common.serialization.{Encoder, SimpleStringEncoder}.

/**
 * Where an Encoder writes: the end of the part file, through a buffer that reaches the file at
 * the next flush, roll or checkpoint. Flink: the OutputStream handed to Encoder#encode.
 */
export interface EncoderOutputStream {
  /** Appends `text` encoded as `encoding` (default utf8). */
  writeString(text: string, encoding?: BufferEncoding): void
  write(bytes: Uint8Array): void
}

/** @public */
export interface Encoder<IN> {
  encode(element: IN, stream: EncoderOutputStream): void
}

/**
 * Writes `String(element)` and a line feed.
 *
 * @public
 * @example
 * FileSink.forRowFormat('/tmp/out', new SimpleStringEncoder<string>()).build()
 */
export class SimpleStringEncoder<IN> implements Encoder<IN> {
  readonly charsetName: BufferEncoding

  constructor(charsetName: BufferEncoding = 'utf8') {
    this.charsetName = charsetName
  }

  encode(element: IN, stream: EncoderOutputStream): void {
    // Two writes rather than a concatenation: a string record is then never copied.
    stream.writeString(String(element), this.charsetName)
    stream.writeString('\n', this.charsetName)
  }
}
