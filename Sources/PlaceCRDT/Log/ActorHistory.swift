internal import PlaceBinary

/// One actor's applied changes, stored compactly: a 16-byte entry per change (its Lamport end and where
/// its body and dependencies are), each change's encoded body (the bytes an envelope would carry, minus
/// the document id) packed into one buffer, the document ids run-length encoded, and dependencies on
/// other actors packed beside them. A `Change` value is rebuilt only when asked for (sync, saving the
/// log).
///
/// A change held as a `Change` value costs about 550 bytes (its dependency dictionary, its operation
/// array); packed, a typing change costs about 40.
struct ActorHistory: Sendable {
    /// One entry per change, in seq order (one array, so appending a change grows one array, not four).
    private var entries: [Entry] = []
    /// Encoded bodies without their 16-byte document id (body version byte, then the rest).
    private var bodies = PackedBytes()
    /// (first seq, document) for each stretch of consecutive changes to one document.
    private var documentRuns: [(firstSeq: UInt64, document: DocumentID)] = []
    /// The dependencies of the last change appended (to tell whether the next one shares them).
    private var lastDependencies: VersionVector?
    /// Other actors' dependency entries: 32-byte actor id, then the seq as 8 bytes big-endian.
    private var dependencies: [UInt8] = []

    /// Where the document id sits in an encoded body (after the version byte).
    private static let documentRange = 1..<(1 + DocumentID.byteCount)

    /// What is stored of each change besides its body bytes and dependencies.
    private struct Entry {
        /// The Lamport counter of its last element.
        var lamportEnd: UInt64
        /// Where its body ends in `bodies` (it starts where the previous one ends).
        var bodyEnd: UInt32
        /// Which of `dependencyRanges` holds its dependencies on other actors.
        var dependencyRange: UInt32
    }

    /// Where the entries of each distinct set of other dependencies are in `dependencies`: consecutive
    /// changes with the same other dependencies (a stretch of typing) share one range.
    private var dependencyRanges: [(start: UInt32, end: UInt32)] = []

    /// The number of changes, which is also the highest seq.
    var count: Int { entries.count }

    /// The Lamport counter of the last element of change `seq` (1...count).
    func lamportEnd(ofSeq seq: UInt64) -> UInt64 { entries[Int(seq - 1)].lamportEnd }

    /// The Lamport counter of the last element of the last change, 0 when there is none.
    var lastLamportEnd: UInt64 { entries.last?.lamportEnd ?? 0 }

    /// Whether another change might not fit the 32-bit offsets (4 GiB of one author's bodies in one log,
    /// far beyond any real history): the log then refuses the author's further changes.
    var isFull: Bool {
        bodies.count > Int(UInt32.max) - 2 * CRDTLimits.maxChangeBytes
            || dependencies.count > Int(UInt32.max) - 2 * CRDTLimits.maxChangeBytes
    }

    /// Whether `bodyBytes` more body bytes and `dependencyBytes` more dependency bytes would still leave
    /// room under the 32-bit offsets, with the same margin as ``isFull``.
    func hasRoom(bodyBytes: Int, dependencyBytes: Int) -> Bool {
        bodies.count + bodyBytes <= Int(UInt32.max) - 2 * CRDTLimits.maxChangeBytes
            && dependencies.count + dependencyBytes <= Int(UInt32.max) - 2 * CRDTLimits.maxChangeBytes
    }

    /// Makes room for `changes` more changes with `bodyBytes` bytes of bodies in all, so that appending
    /// a long stretch does not regrow the buffers again and again.
    mutating func reserve(changes: Int, bodyBytes: Int) {
        Self.reserve(&entries, more: changes)
        let needed = bodies.count + bodyBytes
        if needed > bodies.capacity { bodies.reserveCapacity(max(needed, 2 * bodies.capacity)) }
    }

    /// Grows `array` to hold `more` elements beyond its count, at least doubling when it grows (an exact
    /// `reserveCapacity` repeated for each stretch would copy the buffer every time).
    private static func reserve<Element>(_ array: inout [Element], more: Int) {
        let needed = array.count + more
        guard needed > array.capacity else { return }
        array.reserveCapacity(max(needed, 2 * array.capacity))
    }

    /// Reserves room for the changes of this actor that follow one another from `changes[start]` on (a
    /// stretch about to be applied), judging their sizes by the bytes they were received as.
    /// Looks at most 4,096 changes ahead, so that stretches cut short again and again cost no more than
    /// they apply. Returns how many changes it counted.
    @discardableResult
    mutating func reserve(stretchOf changes: [Change], from start: Int) -> Int {
        guard let first = changes[start...].first else { return 0 }
        var count = 0
        var bodyBytes = 0
        for change in changes[start..<min(start + 4096, changes.count)] {
            guard change.actor == first.actor, change.document == first.document else { break }
            count += 1
            bodyBytes += change.receivedBody?.count ?? 0
        }
        guard count > 64 else { return count }
        reserve(changes: count, bodyBytes: bodyBytes)
        return count
    }

    /// Appends the next change of this actor, given its encoded body, unless the history is full
    /// (``isFull``); returns whether it did.
    mutating func appendIfRoom(_ change: borrowing Change, body: [UInt8]) -> Bool {
        guard !isFull else { return false }
        append(change, body: body)
        return true
    }

    /// Appends the next change of this actor, given its encoded body.
    mutating func append(_ change: borrowing Change, body: [UInt8]) {
        append(
            actor: change.actor, seq: change.seq, lamportEnd: change.lamportEnd, document: change.document,
            deps: change.deps, body: body)
    }

    /// Appends the next change of this actor, given its header fields and encoded body (for callers that
    /// read a change in place: passing the `Change` itself would copy it). A caller that already knows
    /// the change depends on the same changes of other actors as the one appended before says so with
    /// `sharesPreviousDependencies`, and the dependencies are not compared again.
    mutating func append(
        actor: ActorID, seq: UInt64, lamportEnd: UInt64, document: DocumentID, deps: borrowing VersionVector,
        body: borrowing [UInt8], sharesPreviousDependencies: Bool = false
    ) {
        body.withUnsafeBufferPointer { appendBody($0) }
        appendEntry(
            actor: actor, seq: seq, lamportEnd: lamportEnd, document: document, deps: deps,
            sharesPreviousDependencies: sharesPreviousDependencies)
    }

    /// Appends the received change `change`, read in place, with the body it was received as (or its
    /// encoding, when it was not received as bytes); `sharesPreviousDependencies` as in
    /// ``append(actor:seq:lamportEnd:document:deps:body:sharesPreviousDependencies:)``.
    mutating func append(_ change: UnsafePointer<Change>, sharesPreviousDependencies: Bool) {
        if let count = change.pointee.receivedBody?.count, count >= Self.documentRange.upperBound {
            bodies.makeRoom(for: count)
            change.pointee.receivedBody?.withUnsafeBufferPointer { appendBodyWithinRoom($0) }
        } else {
            appendEncodedBody(of: change)
        }
        appendEntry(
            actor: change.pointee.actor, seq: change.pointee.seq, lamportEnd: change.pointee.lamportEnd,
            document: change.pointee.document, deps: change.pointee.deps,
            sharesPreviousDependencies: sharesPreviousDependencies)
    }

    /// Adds the entry of a change whose body was just appended.
    private mutating func appendEntry(
        actor: ActorID, seq: UInt64, lamportEnd: UInt64, document: DocumentID, deps: borrowing VersionVector,
        sharesPreviousDependencies: Bool
    ) {
        let bodyEnd = UInt32(truncatingIfNeeded: bodies.count)
        if documentRuns.last?.document != document {
            documentRuns.append((firstSeq: seq, document: document))
        }
        if let previous = entries.last, let last = lastDependencies,
            sharesPreviousDependencies || last.equalsIgnoring(actor, deps)
        {
            entries.append(Entry(lamportEnd: lamportEnd, bodyEnd: bodyEnd, dependencyRange: previous.dependencyRange))
            // `last` still names the same changes of other actors: no need to replace it.
            return
        }
        let start = UInt32(truncatingIfNeeded: dependencies.count)
        deps.forEachEntry { other, otherSeq in
            guard other != actor else { return }
            withUnsafeBytes(
                of: (other.w0.bigEndian, other.w1.bigEndian, other.w2.bigEndian, other.w3.bigEndian, otherSeq.bigEndian)
            ) {
                dependencies.append(contentsOf: $0)
            }
        }
        dependencyRanges.append((start: start, end: UInt32(truncatingIfNeeded: dependencies.count)))
        entries.append(
            Entry(
                lamportEnd: lamportEnd, bodyEnd: bodyEnd,
                dependencyRange: UInt32(truncatingIfNeeded: dependencyRanges.count - 1)))
        lastDependencies = copy deps
    }

    /// Appends the rest of a keystroke group whose first change was just appended (see `Combinable`):
    /// each shares the first's document and dependencies on other actors, so only its body and entry
    /// are added. Reads the changes in place.
    mutating func appendRestOfGroup(_ changes: UnsafeBufferPointer<Change>, _ rest: Range<Int>) {
        guard let dependencyRange = entries.last?.dependencyRange else { return }
        // Room for every body first (a body's full size is more than it takes: its document id is not
        // stored): then each is copied in place, without holding on to its array while the buffer grows.
        var room = 0
        for index in rest {
            guard let count = changes[index].receivedBody?.count, count >= Self.documentRange.upperBound else {
                room = -1
                break
            }
            room += count
        }
        if room >= 0 {
            bodies.makeRoom(for: room)
            for index in rest {
                let change = changes.baseAddress.unsafelyUnwrapped + index
                change.pointee.receivedBody?.withUnsafeBufferPointer { appendBodyWithinRoom($0) }
                entries.append(
                    Entry(
                        lamportEnd: change.pointee.lamportEnd, bodyEnd: UInt32(truncatingIfNeeded: bodies.count),
                        dependencyRange: dependencyRange))
            }
            return
        }
        for index in rest {
            let change = changes.baseAddress.unsafelyUnwrapped + index
            if change.pointee.receivedBody?.withUnsafeBufferPointer({ appendBody($0) }) == nil {
                appendEncodedBody(of: change)
            }
            entries.append(
                Entry(
                    lamportEnd: change.pointee.lamportEnd, bodyEnd: UInt32(truncatingIfNeeded: bodies.count),
                    dependencyRange: dependencyRange))
        }
    }

    /// Encodes a change that was not received as bytes and appends its body. Kept out of line: inlined
    /// into the loop of received bodies above, it slowed every turn of it.
    @inline(never)
    private mutating func appendEncodedBody(of change: UnsafePointer<Change>) {
        change.pointee.encodedBody().withUnsafeBufferPointer { appendBody($0) }
    }

    /// Appends an encoded body without its document id.
    private mutating func appendBody(_ body: UnsafeBufferPointer<UInt8>) {
        bodies.append(body[0], UnsafeBufferPointer(rebasing: body[Self.documentRange.upperBound...]))
    }

    /// Appends an encoded body without its document id into room made for it (`bodies.makeRoom`), so
    /// that the caller need not hold on to the array the body lies in while it is copied.
    private mutating func appendBodyWithinRoom(_ body: UnsafeBufferPointer<UInt8>) {
        bodies.appendWithinCapacity(body[0], UnsafeBufferPointer(rebasing: body[Self.documentRange.upperBound...]))
    }

    /// The document of change `seq`.
    private func document(ofSeq seq: UInt64) -> DocumentID {
        var low = 0
        var high = documentRuns.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if documentRuns[middle].firstSeq <= seq { low = middle } else { high = middle - 1 }
        }
        return documentRuns[low].document
    }

    /// Rebuilds change `seq` (1-based) of `actor`.
    func change(seq: UInt64, actor: ActorID) -> Change {
        let index = Int(seq - 1)
        let entry = entries[index]
        let bodyStart = index == 0 ? 0 : Int(entries[index - 1].bodyEnd)
        let deps = dependencies(ofSeq: seq, actor: actor)
        var body: [UInt8] = []
        body.reserveCapacity(Int(entry.bodyEnd) - bodyStart + DocumentID.byteCount)
        body.append(bodies[bodyStart])
        body.append(contentsOf: document(ofSeq: seq).bytes)
        body.append(contentsOf: bodies[(bodyStart + 1)..<Int(entry.bodyEnd)])
        do {
            return try Change(actor: actor, seq: seq, deps: deps, body: body)
        } catch {
            // The bytes were produced by `encodedBody()` of a change that was valid when it was stored.
            preconditionFailure("a stored change no longer decodes: \(error)")
        }
    }

    /// The dependencies of change `seq` (1-based) of `actor`, its own previous change included — without
    /// rebuilding the change.
    func dependencies(ofSeq seq: UInt64, actor: ActorID) -> VersionVector {
        let dependencyRange = dependencyRanges[Int(entries[Int(seq - 1)].dependencyRange)]
        // The other actors' entries were stored in ascending order: the author's own entry goes in
        // among them, and the vector is built in order (no dictionary to build and sort).
        let entrySize = ActorID.byteCount + 8
        var deps = VersionVector(capacity: (Int(dependencyRange.end) - Int(dependencyRange.start)) / entrySize + 1)
        var ownAdded = false
        var offset = Int(dependencyRange.start)
        while offset < Int(dependencyRange.end) {
            let actorBytes = dependencies[offset..<(offset + ActorID.byteCount)]
            let seqBytes = dependencies[(offset + ActorID.byteCount)..<(offset + entrySize)]
            if let other = ActorID(bytes: actorBytes) {
                if !ownAdded && actor < other {
                    deps.appendInOrder(actor, seq - 1)
                    ownAdded = true
                }
                deps.appendInOrder(other, seqBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            }
            offset += entrySize
        }
        if !ownAdded { deps.appendInOrder(actor, seq - 1) }
        return deps
    }
}
