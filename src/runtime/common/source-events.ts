// Messages between a source's coordinator (JobManager side, owns the SplitEnumerator) and its
// readers (task side). Delivery is asynchronous in both directions, in process or over RPC.
// Flink: org.apache.flink.runtime.source.event.{AddSplitEvent, NoMoreSplitsEvent, RequestSplitEvent,
// ReportedWatermarkEvent, WatermarkAlignmentEvent}.
import type { SourceSplit } from '../../api/connector/source/source.js'

export type ReaderEvent =
  | { readonly kind: 'addSplits'; readonly splits: readonly SourceSplit[] }
  | { readonly kind: 'noMoreSplits' }
  | WatermarkAlignmentEvent

/** The highest watermark a reader of an aligned source may reach. Flink: WatermarkAlignmentEvent. */
export interface WatermarkAlignmentEvent {
  readonly kind: 'watermarkAlignment'
  readonly maxWatermark: number
}

/** How a reader subtask reaches its source coordinator. */
export interface SourceCoordinatorGateway {
  registerReader(subtaskIndex: number): void
  requestSplit(subtaskIndex: number): void
  /** An aligned reader's current watermark (Infinity when idle or done). Flink: ReportedWatermarkEvent. */
  reportWatermark(subtaskIndex: number, watermark: number): void
}

/** How a source coordinator reaches its reader subtasks. */
export interface SourceReaderGateway {
  sendToReader(subtaskIndex: number, event: ReaderEvent): void
}

/** A ReaderEvent on the wire: splits as bytes from the source's split serializer. */
export type SerializedReaderEvent =
  | {
      readonly kind: 'addSplits'
      readonly version: number
      readonly splits: readonly Uint8Array[]
    }
  | { readonly kind: 'noMoreSplits' }
  | WatermarkAlignmentEvent
