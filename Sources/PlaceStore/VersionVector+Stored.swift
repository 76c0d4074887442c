internal import Foundation
internal import PlaceCRDT

/// How the store keeps a version vector in one BLOB column: `count × (author (32) || u64be seq)`.
extension VersionVector {
    /// The stored form.
    var storedBlob: Data {
        var blob = Data(capacity: count * 40)
        forEachEntry { actor, seq in
            blob.append(contentsOf: actor.bytes)
            withUnsafeBytes(of: seq.bigEndian) { blob.append(contentsOf: $0) }
        }
        return blob
    }

    /// Reads the stored form.
    /// - Throws: ``StoreError/Code/corrupt`` for a length that is not a multiple of 40 (naming `what`).
    init(storedBlob blob: [UInt8], what: String) throws {
        guard blob.count % 40 == 0 else {
            throw StoreError(.corrupt, "\(what) has a length that is not a multiple of 40")
        }
        var entries: [ActorID: UInt64] = [:]
        var offset = 0
        while offset < blob.count {
            guard let actor = ActorID(bytes: blob[offset..<offset + 32]) else { break }
            entries[actor] = blob[offset + 32..<offset + 40].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            offset += 40
        }
        self.init(entries)
    }
}
