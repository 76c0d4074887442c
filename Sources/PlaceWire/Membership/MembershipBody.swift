internal import PlaceBinary
internal import PlaceCRDT

/// A membership envelope's body as written since version 2: the operation, and — for an operation that
/// starts an epoch — a commitment to that epoch's key (`EpochKey.commitment(space:)` in PlaceCrypto), so
/// that a key wrap carrying any other key for the epoch is refused (`Protocol/MEMBERSHIP.md` §2).
///
/// Layout: `u8 version (= 2) | operation (as in version 1, after its version byte) | commitment (32)`,
/// the commitment present exactly when the operation starts an epoch. Version 1 bodies decode with no
/// commitment.
public struct MembershipBody: Hashable, Sendable {
    /// What the entry does.
    public var operation: MembershipOperation
    /// The commitment to the key of the epoch it starts (32 bytes); `nil` for an operation that starts
    /// none, or a version 1 body.
    public var keyCommitment: [UInt8]?

    /// The version ``encoded()`` writes.
    public static let version: UInt8 = 2
    /// The commitment length.
    public static let commitmentCount = 32

    /// Creates a body.
    /// - Precondition: a commitment is 32 bytes and goes only with an operation that starts an epoch.
    public init(_ operation: MembershipOperation, keyCommitment: [UInt8]?) {
        precondition(
            keyCommitment == nil || (operation.startsEpoch && keyCommitment?.count == Self.commitmentCount),
            "a key commitment is 32 bytes and goes only with an operation that starts an epoch")
        self.operation = operation
        self.keyCommitment = keyCommitment
    }

    /// The body bytes: version 2, or version 1 for an operation that starts an epoch without a commitment
    /// (what a version 1 body decodes to), so that every body round-trips.
    public func encoded() -> [UInt8] {
        if operation.startsEpoch, keyCommitment == nil { return operation.encoded() }
        return [Self.version] + operation.encoded().dropFirst() + (keyCommitment ?? [])
    }

    /// Decodes a body of version 1 or 2.
    /// - Throws: ``WireError`` — `unsupportedVersion` for another version, `malformed` for anything else
    ///   that is not exactly one well-formed operation (with its commitment, in version 2),
    ///   `limitExceeded` for an oversized name.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == 1 || version == 2 else {
                throw WireError(
                    .unsupportedVersion,
                    "membership body version \(version) is not supported (this build reads 1 and 2); upgrade PlaceSync"
                )
            }
            operation = try MembershipOperation.read(&reader)
            keyCommitment = nil
            if version == 2, operation.startsEpoch {
                keyCommitment = Array(try reader.readBytes(Self.commitmentCount))
            }
            try reader.finish()
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "membership body: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "membership body: \(error)", underlying: error)
        }
    }
}
