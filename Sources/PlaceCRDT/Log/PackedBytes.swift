/// A growable byte buffer for many short appends: an actor history appends every received change's
/// body to one, and `Array.append(contentsOf:)` spent about a hundred instructions in checks on a body
/// of twenty bytes. A value type: copies share storage until one of them is changed.
struct PackedBytes: Sendable {
    private var storage = Storage(capacity: 0)

    /// The number of bytes.
    private(set) var count = 0

    init() {}

    /// The byte at `index` (0..<count).
    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "byte index \(index) outside 0..<\(count)")
        return storage.bytes[index]
    }

    /// The bytes in `range` (within 0...count) as an array.
    subscript(range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "byte range \(range) outside 0...\(count)")
        return Array(UnsafeBufferPointer(start: storage.bytes + range.lowerBound, count: range.count))
    }

    /// Makes room for at least `capacity` bytes in all.
    mutating func reserveCapacity(_ capacity: Int) {
        guard capacity > storage.capacity || !isKnownUniquelyReferenced(&storage) else { return }
        moveStorage(capacity: max(capacity, storage.capacity))
    }

    /// The number of bytes the buffer holds without growing.
    var capacity: Int { storage.capacity }

    /// Appends `byte` and then `bytes`.
    mutating func append(_ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) {
        makeRoom(for: 1 + bytes.count)
        appendWithinCapacity(byte, bytes)
    }

    /// Makes sure `more` bytes can be appended with ``appendWithinCapacity(_:_:)``: the storage is this
    /// value's alone and has room for them (growing at least twofold when it grows).
    mutating func makeRoom(for more: Int) {
        let needed = count + more
        if needed > storage.capacity || !isKnownUniquelyReferenced(&storage) {
            moveStorage(capacity: needed > storage.capacity ? max(needed, 2 * storage.capacity) : storage.capacity)
        }
    }

    /// Appends `byte` and then `bytes` into room made by ``makeRoom(for:)``. Neither grows nor copies
    /// the storage, so a caller reading `bytes` out of another value need not hold on to it (appending
    /// a received body with ``append(_:_:)`` retained and released the body's array, since growing
    /// releases storage).
    mutating func appendWithinCapacity(_ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) {
        let needed = count + 1 + bytes.count
        precondition(needed <= storage.capacity, "appended past the room made for it")
        (storage.bytes + count).initialize(to: byte)
        if let source = bytes.baseAddress {
            (storage.bytes + count + 1).initialize(from: source, count: bytes.count)
        }
        count = needed
    }

    /// Moves the bytes to new storage of `capacity` bytes (at least `count`).
    private mutating func moveStorage(capacity: Int) {
        let new = Storage(capacity: capacity)
        new.bytes.initialize(from: storage.bytes, count: count)
        storage = new
    }

    /// The memory behind one or more `PackedBytes` values; only changed while uniquely referenced.
    private final class Storage: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            bytes = .allocate(capacity: max(capacity, 1))
        }

        deinit { bytes.deallocate() }
    }
}
