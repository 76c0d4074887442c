public import Foundation

/// A recorded editing session from `../shared/traces/` (josephg/editing-traces; see the README there for
/// attribution): the text it ends with and every transaction of splices that produced it.
public struct EditingTrace: Sendable {
    /// One splice: delete `deleteCount` scalars at `position`, then insert `insert` there.
    public struct Patch: Sendable {
        public var position: Int
        public var deleteCount: Int
        public var insert: String
    }

    /// The trace's file name without `.json.gz`.
    public var name: String
    /// The text after every transaction.
    public var endContent: String
    /// Transactions, each a list of patches applied one after another.
    public var transactions: [[Patch]]

    /// The number of patches over all transactions.
    public var patchCount: Int { transactions.reduce(0) { $0 + $1.count } }

    /// The names of the traces in ``directory``.
    public static func availableNames() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw TraceError(
                message:
                    "no editing traces at \(directory.path): put the shared/ folder beside the repository or set PLACESYNC_TRACES"
            )
        }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json.gz") }
            .map { String($0.dropLast(".json.gz".count)) }
            .sorted()
    }

    /// Where the traces are: `$PLACESYNC_TRACES`, else `shared/traces` beside the repository.
    public static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["PLACESYNC_TRACES"] {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/traces")
    }

    /// Loads a trace by name: `NAME.json` if the folder holds it inflated, else `NAME.json.gz`, inflated
    /// with the system's `gzip` (Foundation on Linux cannot).
    public static func load(named name: String) throws -> EditingTrace {
        let inflated = directory.appendingPathComponent("\(name).json")
        let file = directory.appendingPathComponent("\(name).json.gz")
        let data: Data
        if FileManager.default.fileExists(atPath: inflated.path) {
            data = try Data(contentsOf: inflated)
        } else {
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw TraceError(
                    message: "editing trace \(file.path) not found: put the shared/ folder beside the repository "
                        + "or set PLACESYNC_TRACES to the folder that holds the traces")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec gzip -dc \"$0\"", file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TraceError(message: "gzip could not read \(file.path)") }
        }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let endContent = root["endContent"] as? String, let txns = root["txns"] as? [[String: Any]]
        else { throw TraceError(message: "\(name) is not an editing trace") }
        var transactions: [[Patch]] = []
        transactions.reserveCapacity(txns.count)
        for txn in txns {
            guard let patches = txn["patches"] as? [[Any]] else {
                throw TraceError(message: "\(name): txn without patches")
            }
            transactions.append(
                try patches.map { raw in
                    guard raw.count == 3, let position = raw[0] as? Int, let deleteCount = raw[1] as? Int,
                        let insert = raw[2] as? String
                    else { throw TraceError(message: "\(name): malformed patch") }
                    return Patch(position: position, deleteCount: deleteCount, insert: insert)
                })
        }
        return EditingTrace(name: name, endContent: endContent, transactions: transactions)
    }
}

/// A trace could not be read.
public struct TraceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
