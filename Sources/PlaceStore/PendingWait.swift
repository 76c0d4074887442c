public import PlaceCRDT

/// What a pending envelope waits for: an envelope this replica lacks, or a content key.
public enum PendingWait: Hashable, Sendable {
    /// Envelope `seq` of `author` (the author's previous envelope, or a dependency).
    case envelope(author: ActorID, seq: UInt64)
    /// A content key of `epoch` (a key wrap sealed to this node that has not arrived).
    case key(epoch: UInt64)

    /// The all-zero author that marks a key wait in the table (never a node id).
    static let keyMarker = [UInt8](repeating: 0, count: 32)

    var authorBytes: [UInt8] {
        switch self {
        case .envelope(let author, _): author.bytes
        case .key: Self.keyMarker
        }
    }

    var seq: UInt64 {
        switch self {
        case .envelope(_, let seq): seq
        case .key(let epoch): epoch
        }
    }
}
