public import PlaceCRDT

extension ActorID {
    /// A deterministic actor id for tests: `number` in the last eight bytes, a fixed pattern before.
    public static func test(_ number: UInt64) -> ActorID {
        var bytes = [UInt8](repeating: 0xA5, count: 24)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: number >> UInt64(shift)))
        }
        guard let actor = ActorID(bytes: bytes) else { preconditionFailure("32 bytes make an actor id") }
        return actor
    }
}

extension DocumentID {
    /// A deterministic document id for tests.
    public static func test(_ number: UInt8) -> DocumentID {
        guard let id = DocumentID(bytes: [UInt8](repeating: number, count: 16)) else {
            preconditionFailure("16 bytes make a document id")
        }
        return id
    }
}
