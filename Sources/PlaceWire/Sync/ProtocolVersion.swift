/// Version negotiation inside the Noise handshake (`Protocol/PROTOCOL.md` §4). The initiator lists the
/// versions it speaks in message 1's payload; the responder answers with its choice (the highest both
/// speak, or 0 for none) in message 2's payload. Both payloads are part of the handshake hash, so a
/// change by anyone on the path makes the handshake fail.
public enum ProtocolVersion {
    /// The versions this build speaks, highest last. Version 2 is version 1 plus deflated messages
    /// (``SyncMessage/deflatedType``); version 3 is version 2 plus checkpoints offered to a new member
    /// (``SyncMessage/checkpoint(space:part:parts:bytes:)``).
    public static let supported: [UInt16] = [1, 2, 3]
    /// The Noise prologue of every PlaceSync sync connection.
    public static let prologue: [UInt8] = Array("placesync/sync".utf8)

    /// Message 1's payload: `u8 count (1…16) || count × u16be version`, ascending.
    public static func offer(_ versions: [UInt16] = supported) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(versions.count)]
        for version in versions { bytes += [UInt8(version >> 8), UInt8(version & 0xFF)] }
        return bytes
    }

    /// Reads message 1's payload.
    /// - Throws: ``WireError/Code/malformed`` for a count of 0 or over 16, a wrong length or an unsorted list.
    public static func readOffer(_ payload: [UInt8]) throws(WireError) -> [UInt16] {
        guard let count = payload.first, (1...16).contains(count), payload.count == 1 + 2 * Int(count) else {
            throw WireError(.malformed, "a version offer is 1 to 16 versions")
        }
        var versions: [UInt16] = []
        for index in 0..<Int(count) {
            versions.append(UInt16(payload[1 + 2 * index]) << 8 | UInt16(payload[2 + 2 * index]))
        }
        guard zip(versions, versions.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw WireError(.malformed, "a version offer must be ascending without repeats")
        }
        return versions
    }

    /// The responder's choice: the highest version in both lists, or 0 when there is none.
    public static func choose(from offered: [UInt16], supported: [UInt16] = supported) -> UInt16 {
        offered.filter { supported.contains($0) }.max() ?? 0
    }

    /// Message 2's payload: `u16be chosen version` (0: no common version; the responder then closes).
    public static func answer(_ version: UInt16) -> [UInt8] { [UInt8(version >> 8), UInt8(version & 0xFF)] }

    /// Reads message 2's payload.
    /// - Throws: ``WireError/Code/malformed`` when it is not two bytes.
    public static func readAnswer(_ payload: [UInt8]) throws(WireError) -> UInt16 {
        guard payload.count == 2 else { throw WireError(.malformed, "a version answer is 2 bytes") }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }
}
