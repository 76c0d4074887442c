internal import CoreMetrics
internal import Dispatch

/// What the node counts through swift-metrics: envelopes and bytes in and out, refusals, and how long
/// ingests and local writes take. A library does not choose a backend: nothing is recorded until the
/// process bootstraps one (`placesyncd` bootstraps Prometheus and serves it at `/metrics`).
enum NodeMetrics {
    /// A batch was taken in.
    static func ingested(_ report: IngestReport, envelopes: Int, bytes: Int, since start: UInt64) {
        Counter(label: "placesync_envelopes_in_total").increment(by: envelopes)
        Counter(label: "placesync_bytes_in_total").increment(by: bytes)
        Counter(label: "placesync_envelopes_applied_total").increment(by: report.applied.count)
        if !report.rejected.isEmpty {
            Counter(label: "placesync_envelopes_rejected_total").increment(by: report.rejected.count)
        }
        Timer(label: "placesync_ingest_duration_seconds").recordNanoseconds(elapsed(since: start))
    }

    /// A local write was committed.
    static func wrote(since start: UInt64) {
        Timer(label: "placesync_write_duration_seconds").recordNanoseconds(elapsed(since: start))
    }

    /// A batch was sent to a peer.
    static func sent(envelopes: [[UInt8]]) {
        Counter(label: "placesync_envelopes_out_total").increment(by: envelopes.count)
        Counter(label: "placesync_bytes_out_total").increment(by: envelopes.reduce(0) { $0 + $1.count })
    }

    /// A connection ended, having moved these bytes on the wire (frames, handshake and all).
    static func transport(bytesIn: Int, bytesOut: Int) {
        Counter(label: "placesync_transport_bytes_in_total").increment(by: bytesIn)
        Counter(label: "placesync_transport_bytes_out_total").increment(by: bytesOut)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private static func elapsed(since start: UInt64) -> Int64 { Int64(clamping: now() &- start) }
}
