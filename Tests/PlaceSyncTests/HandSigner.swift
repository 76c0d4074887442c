import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire

/// An attacker's own key, signing envelopes by hand with whatever header it likes: a chain of its own
/// in one space (seq and `previous` filled in), dependencies and epoch chosen by the test.
struct HandSigner {
    let key: NodeKeyPair
    let space: SpaceID
    private(set) var seq: UInt64 = 0
    private(set) var previous: EnvelopeID?

    init(space: SpaceID, key: NodeKeyPair? = nil) throws {
        self.key = try key ?? NodeKeyPair.generate()
        self.space = space
    }

    var actor: ActorID { ActorID(bytes: key.nodeID.publicKey)! }
    var nodeID: NodeID { key.nodeID }

    /// Signs the next envelope of this author's chain.
    mutating func sign(
        _ kind: EnvelopeHeader.Kind, body: [UInt8], deps: VersionVector, epoch: UInt64 = 1,
        inSpace other: SpaceID? = nil
    ) throws -> [UInt8] {
        seq += 1
        var deps = deps
        if seq > 1 { deps[actor] = max(deps[actor], seq - 1) }
        let header = try EnvelopeHeader(
            kind: kind, space: other ?? space, author: actor, seq: seq, epoch: epoch, previous: previous, deps: deps)
        let envelope = try Envelope.signed(header: header, body: body, author: key)
        previous = envelope.id
        return envelope.encoded
    }

    /// Signs a content envelope sealed under `key` (or a key nobody holds).
    mutating func signContent(
        _ plaintext: [UInt8], deps: VersionVector, key contentKey: ContentKey? = nil, epoch: UInt64 = 1
    )
        throws -> [UInt8]
    {
        seq += 1
        var deps = deps
        if seq > 1 { deps[actor] = max(deps[actor], seq - 1) }
        let header = try EnvelopeHeader(
            kind: .content, space: space, author: actor, seq: seq, epoch: epoch, previous: previous, deps: deps)
        let sealingKey = try contentKey ?? EpochKey.generate(epoch: epoch).contentKey()
        let envelope = try Envelope.sealContent(header: header, plaintext: plaintext, key: sealingKey, author: key)
        previous = envelope.id
        return envelope.encoded
    }

    /// Signs a content envelope in format 2, naming `heads` (its causal past is whatever they close over
    /// on the receiver), sealed under `key` (or a key nobody holds).
    mutating func signContent(
        _ plaintext: [UInt8], heads: VersionVector, key contentKey: ContentKey? = nil, epoch: UInt64 = 1
    ) throws -> [UInt8] {
        seq += 1
        var lowerBound = heads
        if seq > 1 { lowerBound[actor] = seq - 1 }
        let header = try EnvelopeHeader(
            kind: .content, space: space, author: actor, seq: seq, epoch: epoch, previous: previous, heads: heads,
            deps: lowerBound)
        let sealingKey = try contentKey ?? EpochKey.generate(epoch: epoch).contentKey()
        let envelope = try Envelope.sealContent(header: header, plaintext: plaintext, key: sealingKey, author: key)
        previous = envelope.id
        return envelope.encoded
    }
}
