import Foundation
import PlaceSyncTestHelpers

/// Runs `executable` with `arguments` (and `environment` added to this process's) to its end; returns
/// its exit status, standard output and standard error.
func runChildProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
    status: Int32, out: String, err: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    SecretsAudit.record(output: output + errors, of: URL(fileURLWithPath: executable).lastPathComponent)
    return (process.terminationStatus, output, errors)
}

/// Whether the suites that start and kill many processes run (`PLACESYNC_ALONE=1`): they run in a
/// `swift test` of their own (scripts/test.sh), because Foundation's `Process` on Linux can stop noticing
/// children's exits when many are spawned and killed from several threads at once — a whole-suite run
/// with them beside the other process tests once hung in `waitUntilExit`.
let runsAlone = ProcessInfo.processInfo.environment["PLACESYNC_ALONE"] == "1"
