// Drives a PlaceSync node from a child process, for the crash and concurrency tests in PlaceSyncTests.
// Not installed. Usage:
//   ReplicaWorker write <node-dir> <space-hex> <tag> <count> [seconds]
//     Opens the node and makes up to <count> transactions (or runs for <seconds>), each setting key
//     "<tag>-<n>" and incrementing the counter "writes" of the main document in one transaction,
//     printing "ack <tag>-<n>" after each commit. Numbering continues after the highest <tag>-n present.
//     PLACESYNC_CLOCK_OFFSET (seconds) sets its wall clock that far from the system's (clock jumps).
//   ReplicaWorker ingest <node-dir> <envelopes-file> <batch>
//     Ingests the envelopes in the file (each: 4-byte big-endian length, bytes) that the replica has
//     not applied yet, in batches, printing "batch <i>" after each commit and "done" at the end.
//   ReplicaWorker migrate <database-path>
//     Opens (creating and migrating) a replica database and exits.
import Foundation
import PlaceCRDT
import PlaceStore
import PlaceSync
import PlaceWire

/// Writes a line to standard output at once (no buffering: the parent may kill this process any time).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "migrate" {
    do {
        _ = try ReplicaStore.open(path: arguments[2])
        say("done")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
if arguments.count == 5, arguments[1] == "ingest", let batch = Int(arguments[4]) {
    do {
        let node = try Node.open(at: arguments[2])
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[3])))
        var envelopes: [[UInt8]] = []
        var offset = 0
        while offset + 4 <= data.count {
            let length = data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            envelopes.append(Array(data[(offset + 4)..<(offset + 4 + length)]))
            offset += 4 + length
        }
        // Resume from what was stored, as a sync session does: skip what the replica already applied.
        if let first = envelopes.first {
            let version = try node.version(of: try Envelope(decoding: first).header.space)
            envelopes = try envelopes.filter {
                let header = try Envelope(decoding: $0).header
                return header.seq > version[header.author]
            }
        }
        var index = 0
        while index < envelopes.count {
            let report = try node.ingest(Array(envelopes[index..<min(index + batch, envelopes.count)]))
            guard report.rejected.isEmpty else { throw SyncError(.invalidInput, "refused: \(report.rejected)") }
            say("batch \(index / batch)")
            index += batch
        }
        say("done")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
guard arguments.count >= 6, arguments[1] == "write", let count = Int(arguments[5]) else {
    FileHandle.standardError.write(
        Data("usage: ReplicaWorker write <node-dir> <space-hex> <tag> <count> [seconds]\n".utf8))
    exit(2)
}
let directory = arguments[2]
let tag = arguments[4]
let seconds = arguments.count > 6 ? Double(arguments[6]) : nil

func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return result
}

do {
    var configuration = NodeConfiguration()
    if let offset = ProcessInfo.processInfo.environment["PLACESYNC_CLOCK_OFFSET"].flatMap(Double.init) {
        configuration.now = { Date().timeIntervalSince1970 + offset }
    }
    let node = try Node.open(at: directory, configuration: configuration)
    guard let space = SpaceID(bytes: bytes(hex: arguments[3])) else {
        throw SyncError(.invalidInput, "not a space id: \(arguments[3])")
    }
    let existing = try node.document(.main, in: space)
    var next =
        1
        + (existing.keys()?.compactMap { key -> Int? in
            guard key.hasPrefix(tag + "-") else { return nil }
            return Int(key.dropFirst(tag.count + 1))
        }.max() ?? 0)
    let deadline = seconds.map { Date().addingTimeInterval($0) }
    var made = 0
    while made < count, deadline.map({ Date() < $0 }) ?? true {
        let key = "\(tag)-\(next)"
        try node.transact(in: space, document: .main) { tx in
            try tx.set(key, .int(Int64(next)))
            let counter: ContainerID
            if case .container(let id, .counter) = tx.document.value(forKey: "writes") {
                counter = id
            } else {
                counter = try tx.makeContainer(.counter, at: "writes")
            }
            try tx.increment(counter, by: 1)
        }
        say("ack \(key)")
        next += 1
        made += 1
    }
    say("done \(made)")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
