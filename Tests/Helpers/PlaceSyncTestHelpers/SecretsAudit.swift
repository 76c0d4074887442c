// RELIABILITY.md D34 for the whole suite: when PLACESYNC_SECRETS_AUDIT names a folder (scripts/test.sh
// sets it), every temporary folder a test used hands its node keys, access tokens and daemon logs to
// that folder before it is removed, and child processes' output is kept there too;
// scripts/scan-secrets.py then looks for every key in every log, in hex, base64 and base32.
internal import Foundation

package enum SecretsAudit {
    /// The audit folder, when the suite runs under audit.
    static var directory: URL? {
        ProcessInfo.processInfo.environment["PLACESYNC_SECRETS_AUDIT"].map { URL(fileURLWithPath: $0) }
    }

    /// Keeps what a child process printed, for the scan.
    package static func record(output: String, of label: String) {
        guard let directory else { return }
        write(Data(output.utf8), to: directory.appendingPathComponent("logs/\(UUID().uuidString)-\(label).log"))
    }

    /// Hands the secrets and logs under `folder` to the audit (before the folder is removed).
    static func collect(from folder: URL) {
        guard let directory, let files = FileManager.default.enumerator(atPath: folder.path) else { return }
        var secrets: [String] = []
        for case let relative as String in files {
            let url = folder.appendingPathComponent(relative)
            let name = url.lastPathComponent
            guard let data = try? Data(contentsOf: url) else { continue }
            let bytes = [UInt8](data)
            if name == "node.key" || name.hasPrefix("node.key.retired-") || name == "node.key.next" {
                // A plain key file: "PSKEY", version, 0 (plain), the 32-byte seed, the public key.
                if bytes.count == 55, bytes.starts(with: Array("PSKEY".utf8)), bytes[6] == 0 {
                    secrets.append("node-key " + bytes[7..<39].map { String(format: "%02x", $0) }.joined())
                }
            } else if name == "http.token" {
                secrets.append(
                    "http-token "
                        + String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            } else if name.hasSuffix(".log") {
                write(data, to: directory.appendingPathComponent("logs/\(UUID().uuidString)-\(name)"))
            }
        }
        if !secrets.isEmpty {
            let text = secrets.joined(separator: "\n") + "\n"
            write(Data(text.utf8), to: directory.appendingPathComponent("keys/\(UUID().uuidString).txt"))
        }
    }

    private static func write(_ data: Data, to url: URL) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: url)
    }
}
