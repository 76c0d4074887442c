import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire
import Testing

/// The membership body (`Protocol/MEMBERSHIP.md` §2): byte-exact vectors, round trips, bad input.
@Suite struct MembershipBodyTests {
    static let member = ActorID(bytes: [UInt8](repeating: 0xAB, count: 32))!
    static let operations: [(String, MembershipOperation)] = [
        ("genesis.hex", .genesis(nonce: Array(0..<16), sealedName: [0x01, 0x02])),
        ("add.hex", .add(member: member, role: .writer, sealedName: Array("sealed".utf8))),
        ("change-role.hex", .changeRole(member: member, role: .reader)),
        ("remove.hex", .remove(member: member, lastSeq: 300)),
        ("rotate.hex", .rotate),
        (
            "admit-invited.hex",
            .admitInvited(member: member, role: .writer, inviteNonce: Array(16..<32), sealedName: [9])
        ),
    ]
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/membership")

    @Test func bodiesMatchTheCommittedVectorsAndRoundTrip() throws {
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            for (name, operation) in Self.operations {
                try (hexString(operation.encoded()) + "\n").write(
                    to: Self.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, operation) in Self.operations {
            let committed = hex(try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8))
            #expect(operation.encoded() == committed, "\(name)")
            #expect(try MembershipOperation(decoding: committed) == operation)
        }
    }

    static let commitment = Array(100..<132).map { UInt8($0) }
    static let bodies: [(String, MembershipBody)] = [
        (
            "genesis-v2.hex",
            MembershipBody(.genesis(nonce: Array(0..<16), sealedName: [0x01, 0x02]), keyCommitment: commitment)
        ),
        ("remove-v2.hex", MembershipBody(.remove(member: member, lastSeq: 300), keyCommitment: commitment)),
        ("rotate-v2.hex", MembershipBody(.rotate, keyCommitment: commitment)),
        (
            "change-role-relay-v2.hex",
            MembershipBody(.changeRole(member: member, role: .relay), keyCommitment: commitment)
        ),
        (
            "add-v2.hex",
            MembershipBody(.add(member: member, role: .writer, sealedName: Array("sealed".utf8)), keyCommitment: nil)
        ),
    ]

    @Test func version2BodiesMatchTheCommittedVectorsAndVersion1StillDecodes() throws {
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            for (name, body) in Self.bodies {
                try (hexString(body.encoded()) + "\n").write(
                    to: Self.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, body) in Self.bodies {
            let committed = hex(try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8))
            #expect(body.encoded() == committed, "\(name)")
            #expect(try MembershipBody(decoding: committed) == body)
            #expect(try MembershipOperation(decoding: committed) == body.operation)
        }
        for (_, operation) in Self.operations {
            #expect(try MembershipBody(decoding: operation.encoded()) == MembershipBody(operation, keyCommitment: nil))
        }
    }

    @Test func badBodiesGetSpecificErrors() throws {
        let add = Self.operations[1].1.encoded()
        #expect(throws: WireError.self) { try MembershipOperation(decoding: [3] + add.dropFirst()) }
        // Version 2: an operation that starts an epoch needs its commitment, and no other has one.
        let remove = MembershipOperation.remove(member: Self.member, lastSeq: 3).encoded()
        #expect(throws: WireError.self) { try MembershipBody(decoding: [2] + remove.dropFirst()) }
        #expect(throws: WireError.self) {
            try MembershipBody(decoding: [2] + add.dropFirst() + [UInt8](repeating: 1, count: 32))
        }
        #expect(throws: WireError.self) { try MembershipOperation(decoding: add + [0]) }
        #expect(throws: WireError.self) { try MembershipOperation(decoding: [1, 9]) }
        #expect(throws: WireError.self) { try MembershipOperation(decoding: []) }
        let zeroMember = MembershipOperation.changeRole(
            member: .init(bytes: [UInt8](repeating: 0, count: 32))!, role: .admin)
        #expect(throws: WireError.self) { try MembershipOperation(decoding: zeroMember.encoded()) }
        var badRole = Self.operations[2].1.encoded()
        badRole[badRole.count - 1] = 9
        #expect(throws: WireError.self) { try MembershipOperation(decoding: badRole) }
        let huge = MembershipOperation.add(
            member: Self.member, role: .writer, sealedName: [UInt8](repeating: 1, count: 513))
        #expect {
            try MembershipOperation(decoding: huge.encoded())
        } throws: { ($0 as? WireError)?.code == .limitExceeded }
    }

    @Test func mutatedBodiesNeverCrashAndReEncodeExactly() {
        var random = SeededRandom(seed: 21)
        for _ in 0..<5_000 {
            var bytes = Self.operations[random.below(Self.operations.count)].1.encoded()
            for _ in 0...random.below(3) {
                switch random.below(3) {
                case 0 where !bytes.isEmpty: bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
                case 1 where !bytes.isEmpty: bytes.removeLast(1 + random.below(bytes.count))
                default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count + 1))
                }
            }
            if let decoded = try? MembershipOperation(decoding: bytes) {
                #expect(decoded.encoded() == bytes)
            }
        }
    }

    /// Version 2 bodies, mutated: decoding never crashes, and what decodes says exactly what its bytes
    /// say (same fields after the version byte; decoding its encoding gives it back).
    @Test func mutatedVersion2BodiesNeverCrashAndMeanWhatTheirBytesSay() throws {
        var random = SeededRandom(seed: 22)
        for _ in 0..<5_000 {
            var bytes = Self.bodies[random.below(Self.bodies.count)].1.encoded()
            for _ in 0...random.below(3) {
                switch random.below(3) {
                case 0 where !bytes.isEmpty: bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
                case 1 where !bytes.isEmpty: bytes.removeLast(1 + random.below(bytes.count))
                default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count + 1))
                }
            }
            guard let decoded = try? MembershipBody(decoding: bytes) else { continue }
            #expect(Array(decoded.encoded().dropFirst()) == Array(bytes.dropFirst()))
            #expect(try MembershipBody(decoding: decoded.encoded()) == decoded)
        }
    }
}

/// The invite decoders never crash on bad bytes, and only an untouched invite or answer decodes.
@Suite struct InviteDecodingTests {
    @Test func mutatedInvitesAndAnswersNeverCrashAndNeverDecode() throws {
        let admin = try fixedNode(1)
        let invitee = try fixedNode(2)
        let invite = try Invite.create(
            space: testSpace(), role: .writer, expiresAt: 1_900_000_000, invitee: invitee.nodeID, by: admin)
        let answer = try InviteRedemption.redeem(invite, as: invitee)
        #expect(try Invite(text: invite.text) == invite)
        #expect(try InviteRedemption(text: answer.text) == answer)
        var random = SeededRandom(seed: 8)
        for round in 0..<3_000 {
            var bytes = round % 2 == 0 ? invite.encoded : answer.encoded
            switch random.below(3) {
            case 0: bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
            case 1: bytes.removeLast(1 + random.below(bytes.count))
            default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count + 1))
            }
            // A signature covers every byte, so no change survives.
            #expect((try? Invite(decoding: bytes)) == nil)
            #expect((try? InviteRedemption(decoding: bytes)) == nil)
        }
        #expect((try? Invite(text: "psinv1-" + String(repeating: "a", count: 400))) == nil)
        #expect((try? Invite(text: "")) == nil)
    }
}
