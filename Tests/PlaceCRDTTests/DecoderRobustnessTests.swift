import PlaceCRDT
import PlaceTestSupport
import Testing

/// D35/D36 in CI form: random mutations and truncations of valid encodings either decode to a valid
/// value or throw — never crash, hang or allocate from an unchecked length.
@Suite struct DecoderRobustnessTests {
    /// A history with every kind of operation, and the log state before each change.
    static func corpus() throws -> (changes: [Change], before: [ChangeLog], snapshots: [[UInt8]]) {
        var random = SeededRandom(seed: 2024)
        var logs = [ChangeLog(), ChangeLog()]
        var changes: [Change] = []
        var before: [ChangeLog] = []
        var snapshots: [[UInt8]] = []
        for round in 0..<120 {
            let index = round % 2
            var rng = random
            let prior = logs[index]
            if let change = try logs[index].transact(
                document: .main, actor: [alice, bob][index],
                { tx in
                    for _ in 0...rng.below(3) { try RandomEdit.apply(to: &tx, random: &rng) }
                })
            {
                changes.append(change)
                before.append(prior)
            }
            random = rng
            if round % 7 == 0 {
                var other = logs[1 - index]
                try syncBoth(&logs[index], &other)
                logs[1 - index] = other
            }
            if round % 10 == 0 { snapshots.append(logs[index].document(.main).snapshot()) }
        }
        snapshots.append(logs[0].document(.main).snapshot())
        return (changes, before, snapshots)
    }

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.below(3) {
            guard !bytes.isEmpty else { break }
            let position = random.below(bytes.count)
            switch random.below(6) {
            case 0: bytes[position] ^= UInt8(1 << random.below(8))
            case 1: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.removeSubrange(position...)
            case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 4: bytes.remove(at: position)
            default: bytes[position] = [0x00, 0x7F, 0x80, 0xFF][random.below(4)]
            }
        }
        return bytes
    }

    @Test func mutatedChangesDecodeToValidChangesOrThrow() throws {
        let (changes, before, _) = try Self.corpus()
        var random = SeededRandom(seed: 1)
        var decoded = 0
        for _ in 0..<6_000 {
            let index = random.below(changes.count)
            let bytes = Self.mutate(changes[index].encoded(), &random)
            guard let change = try? Change(encoded: bytes) else { continue }
            decoded += 1
            #expect(try Change(encoded: change.encoded()) == change)
            var log = before[index]
            let snapshotBefore = log.document(change.document).snapshot()
            do {
                _ = try log.receive(change)
                log.document(change.document)._checkInvariants()
            } catch {
                // A refused change is rolled back completely.
                #expect(log.document(change.document).snapshot() == snapshotBefore)
                log.document(change.document)._checkInvariants()
            }
        }
        #expect(decoded > 0)
    }

    @Test func mutatedSnapshotsDecodeToValidDocumentsOrThrow() throws {
        let (_, _, snapshots) = try Self.corpus()
        var random = SeededRandom(seed: 2)
        for _ in 0..<4_000 {
            let bytes = Self.mutate(snapshots[random.below(snapshots.count)], &random)
            guard let document = try? Document(snapshot: bytes) else { continue }
            document._checkInvariants()
            #expect(try Document(snapshot: document.snapshot()) == document)
            _ = document.json
        }
    }

    @Test func mutatedSavedLogsLoadOrThrow() throws {
        var log = ChangeLog()
        try deliver(try Self.corpus().changes, to: &log)
        let saved = log.encoded()
        var random = SeededRandom(seed: 3)
        for _ in 0..<300 {
            _ = try? ChangeLog(encoded: Self.mutate(saved, &random))
        }
    }

    @Test func everyTruncationOfAChangeAndASnapshotThrows() throws {
        let (changes, _, snapshots) = try Self.corpus()
        for bytes in [changes[changes.count / 2].encoded(), snapshots[snapshots.count - 1]] {
            for length in 0..<bytes.count {
                let prefix = Array(bytes.prefix(length))
                #expect((try? Change(encoded: prefix)) == nil)
                #expect((try? Document(snapshot: prefix)) == nil)
            }
        }
    }

    @Test func unknownVersionsAreRefusedWithAClearError() throws {
        let (changes, _, snapshots) = try Self.corpus()
        var change = changes[0].encoded()
        change[0] = 3
        do {
            _ = try Change(encoded: change)
            Issue.record("version 3 accepted")
        } catch {
            #expect(error.code == .unsupportedVersion)
        }
        var snapshot = snapshots[0]
        snapshot[3] = 9
        do {
            _ = try Document(snapshot: snapshot)
            Issue.record("version 9 accepted")
        } catch {
            #expect(error.code == .unsupportedVersion)
        }
    }

    @Test func hugeDeclaredCountsAreRejectedBeforeAllocation() {
        // A change header claiming 2^62 dependencies, and a snapshot claiming 2^40 containers.
        var change: [UInt8] = [1] + ActorID.test(1).bytes + [1]
        change += [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]
        #expect(throws: CRDTError.self) { try Change(encoded: change) }
        let snapshot: [UInt8] = Document.snapshotMagic + [1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]
        #expect(throws: CRDTError.self) { try Document(snapshot: snapshot) }
    }
}
