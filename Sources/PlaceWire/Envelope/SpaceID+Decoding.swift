internal import PlaceCRDT

extension SpaceID {
    /// Wraps 16 bytes read from the wire.
    /// - Throws: ``WireError/Code/malformed`` for another length.
    static func decoding(_ bytes: [UInt8]) throws(WireError) -> SpaceID {
        guard let id = SpaceID(bytes: bytes) else {
            throw WireError(.malformed, "a space id is \(SpaceID.byteCount) bytes, got \(bytes.count)")
        }
        return id
    }
}
