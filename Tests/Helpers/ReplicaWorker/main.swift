// Drives a PlaceSync node from a child process, for the crash and concurrency tests in PlaceSyncTests.
// Not installed. Usage:
//   ReplicaWorker write <node-dir> <space-hex> <tag> <count> [seconds]
// Opens the node and makes up to <count> transactions (or runs for <seconds>), each setting key
// "<tag>-<n>" and incrementing the counter "writes" of the main document in one transaction, printing
// "ack <tag>-<n>" after each commit. Numbering continues after the highest <tag>-n already present.
import Foundation
import PlaceCRDT
import PlaceSync
import PlaceWire

/// Writes a line to standard output at once (no buffering: the parent may kill this process any time).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = CommandLine.arguments
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
    let node = try Node.open(at: directory)
    let space = try SpaceID(bytes: bytes(hex: arguments[3]))
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
