import Foundation
import Glibc
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire

/// What one run of the county scenario measured.
struct CountyReport {
    struct Row {
        var name: String
        /// Seconds from its reconnection (hubs: from the first reconnection) until it held everything.
        var seconds: Double
        /// Seconds from the last reconnection of a node it shares a space with (whose offline edits it
        /// needed) until it held everything: the sync's own share of ``seconds``.
        var afterNeeded: Double
        /// Envelopes it had to take in after the week offline.
        var envelopes: UInt64
        /// Bytes it read and wrote on the wire in the reconnection phase.
        var bytesIn: Int
        var bytesOut: Int
        /// Hubs: peak RSS (KiB) and CPU seconds in the reconnection phase.
        var peakRSSKiB: Int?
        var cpuSeconds: Double?
    }

    var shape: CountyShape
    var nodes: Int
    var edits: Int
    /// From the first and from the last reconnection until every node held everything.
    var sinceFirst: Double
    var sinceLast: Double
    /// The ingest floor measured in the same run (``CountySimulation/ingestFloor()``): envelopes per
    /// second a practice verifies, decrypts, applies and stores.
    var floorPerSecond: Double
    var rows: [Row]
    /// The size of one head attestation of the county space at the end, and the county space's members.
    var attestationBytes = 0
    var countyMembers = 0

    /// The slowest node's floor: its envelopes at the measured ingest rate.
    var slowestFloor: Double { rows.map { Double($0.envelopes) / floorPerSecond }.max() ?? 0 }
    /// This machine's floor: every node's envelopes at the measured rate, spread over its cores (all the
    /// daemons share them, so no node gets a core of its own).
    var machineFloor: Double {
        Double(rows.reduce(0) { $0 + $1.envelopes }) / floorPerSecond
            / Double(ProcessInfo.processInfo.activeProcessorCount)
    }

    var markdown: String {
        var lines = [
            "county run: \(nodes) daemons, \(edits) offline edits, reconnections over \(Int(shape.reconnectWindow)) s",
            "converged \(format(sinceFirst)) s after the first reconnection, \(format(sinceLast)) s after the last",
            "ingest floor \(Int(floorPerSecond)) envelopes/s; the slowest node's floor \(format(slowestFloor)) s "
                + "(goal: converged within 2× of it after the last reconnection: \(sinceLast <= 2 * slowestFloor ? "met" : "not met"))",
            "this machine's floor (every node's envelopes at that rate over \(ProcessInfo.processInfo.activeProcessorCount) cores): "
                + "\(format(machineFloor)) s; converged in \(format(sinceLast / max(machineFloor, 0.001)))× it after the last "
                + "reconnection, \(format(sinceFirst / max(machineFloor, 0.001)))× after the first",
            "",
            "| node | s to converge | s after last needed | envelopes taken | floor s | KiB in | KiB out | peak RSS MiB | CPU s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        let hubs = rows.filter { $0.peakRSSKiB != nil }
        let practices = rows.filter { $0.name.hasPrefix("p-") }.sorted { $0.seconds > $1.seconds }
        let pcns = rows.filter { $0.name.hasPrefix("pcn-") }.sorted { $0.seconds > $1.seconds }
        for row in hubs + practices.prefix(5) + pcns.prefix(2) + rows.filter({ $0.name == "lead" }) {
            lines.append(
                "| \(row.name) | \(format(row.seconds)) | \(format(row.afterNeeded)) | \(row.envelopes) | \(format(Double(row.envelopes) / floorPerSecond)) "
                    + "| \(row.bytesIn / 1_024) | \(row.bytesOut / 1_024) | "
                    + "\(row.peakRSSKiB.map { "\($0 / 1_024)" } ?? "") | \(row.cpuSeconds.map(format) ?? "") |")
        }
        if let median = practices.map(\.seconds).sorted().dropFirst(practices.count / 2).first {
            let bytes = practices.map { $0.bytesIn + $0.bytesOut }.sorted()
            lines.append("")
            lines.append(
                "practices: median \(format(median)) s to converge after reconnecting; median \(bytes[bytes.count / 2] / 1_024) KiB on the wire"
            )
        }
        if attestationBytes > 0 {
            // Each member signs at most one attestation per period while its vector moves (8 working
            // hours: 8 at the default hour), and every node receives every other member's.
            let perDay = 8 * attestationBytes * (countyMembers - 1)
            lines.append(
                "attestations: one of the county space is \(attestationBytes) bytes (\(countyMembers) members); at the default "
                    + "1-hour period over an 8-hour working day a node signs ≤ 8 per space and takes in ≤ 8 × "
                    + "\(countyMembers - 1) = \(perDay / 1_024) KiB of others' for the county space")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension CountySimulation {
    /// Peak RSS (KiB) and CPU seconds so far of a running daemon, from /proc.
    func usage(_ name: String) -> (peakKiB: Int, cpu: Double)? {
        guard let pid = daemons[name]?.process.processIdentifier,
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.flatMap {
            Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        // Fields after the command: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard let peak, fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            return nil
        }
        return (peak, (user + system) / Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// The bytes a node's daemon logged for sessions that ended after `offset` in its log.
    func wireBytes(_ name: String, after offset: Int) -> (read: Int, written: Int) {
        guard let data = FileManager.default.contents(atPath: folder.node(name) + ".log"), data.count > offset else {
            return (0, 0)
        }
        var totals = (read: 0, written: 0)
        for line in String(decoding: data[offset...], as: UTF8.self).split(separator: "\n")
        where line.contains("disconnected") {
            totals.read += Self.number(after: "place.bytes_in=", in: line)
            totals.written += Self.number(after: "place.bytes_out=", in: line)
        }
        return totals
    }

    static func number(after key: String, in line: Substring) -> Int {
        guard let range = line.range(of: key) else { return 0 }
        return Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    func logSize(_ name: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: folder.node(name) + ".log"))?[.size] as? Int) ?? 0
    }

    /// The scenario: everyone in sync; a week offline with edits; reconnections at random moments. Returns
    /// nil if the first sync or the convergence did not happen in time.
    func run(canary: String, seed: UInt64 = 25, timeout: Double) throws -> CountyReport? {
        try startAll()
        guard eventually(within: timeout, { converged() }) else { return nil }
        for name in editors { stop(name) }
        var random = SeededRandom(seed: seed)
        try offlineEdits(shape.edits, canary: canary, random: &random)
        try node("lead").transact(in: spaces["county"]!.id, document: documentID(1)) { tx in
            try tx.set("lead", .string("county update \(canary)"))
        }
        let target = unions()
        let before = Dictionary(uniqueKeysWithValues: nodes.keys.map { ($0, lacking($0, target)) })
        let offsets = Dictionary(uniqueKeysWithValues: nodes.keys.map { ($0, logSize($0)) })
        let cpuBefore = Dictionary(uniqueKeysWithValues: hubs.map { ($0, usage($0)?.cpu ?? 0) })

        // Reconnections at random moments over the window, while the replicas are watched.
        var schedule = editors.map { ($0, Double(random.below(1_000_000)) / 1_000_000 * shape.reconnectWindow) }
        schedule.sort { $0.1 < $1.1 }
        let start = Date()
        var reconnectedAt: [String: Double] = [:]
        var doneAt: [String: Double] = [:]
        while doneAt.count < nodes.count {
            let now = Date().timeIntervalSince(start)
            guard now < shape.reconnectWindow + timeout else { return nil }
            while let next = schedule.first, next.1 <= now {
                schedule.removeFirst()
                try startEditor(next.0)
                reconnectedAt[next.0] = Date().timeIntervalSince(start)
            }
            for name in nodes.keys where doneAt[name] == nil && (reconnectedAt[name] != nil || !editors.contains(name))
            {
                if holds(name, target) { doneAt[name] = Date().timeIntervalSince(start) }
            }
            // Reading every replica costs the daemons CPU: poll less often in a big county.
            usleep(nodes.count > 20 ? 250_000 : 50_000)
        }
        let firstReconnect = reconnectedAt.values.min() ?? 0
        let lastReconnect = reconnectedAt.values.max() ?? 0
        let finished = doneAt.values.max() ?? 0
        let hubUsage = Dictionary(uniqueKeysWithValues: hubs.compactMap { name in usage(name).map { (name, $0) } })
        stopAll()
        let rows = nodes.keys.sorted().map { name -> CountyReport.Row in
            let bytes = wireBytes(name, after: offsets[name] ?? 0)
            let from = reconnectedAt[name] ?? firstReconnect
            let sharers = Set(spaces.values.filter { $0.members.contains(name) }.flatMap(\.members))
            let needed = sharers.compactMap { reconnectedAt[$0] }.max() ?? from
            let done = doneAt[name] ?? finished
            return CountyReport.Row(
                name: name, seconds: done - from, afterNeeded: done - max(from, needed), envelopes: before[name] ?? 0,
                bytesIn: bytes.read, bytesOut: bytes.written, peakRSSKiB: hubUsage[name]?.peakKiB,
                cpuSeconds: hubUsage[name].map { $0.cpu - (cpuBefore[name] ?? 0) })
        }
        var report = CountyReport(
            shape: shape, nodes: nodes.count, edits: shape.edits + 1, sinceFirst: finished - firstReconnect,
            sinceLast: finished - lastReconnect, floorPerSecond: 0, rows: rows)
        report.countyMembers = spaces["county"]?.members.count ?? 0
        // The size one would have now (the lead's kept one may predate the week's edits).
        let county = spaces["county"]!.id
        report.attestationBytes =
            try HeadAttestation.sign(
                space: county, sequence: 1_800_000_000, issuedAt: 1_800_000_000,
                vector: try node("lead").version(of: county),
                by: try NodeKeyPair.generate()
            ).bytes.count
        return report
    }

    /// The ingest floor, measured now (after the checks: it adds a member to the county space): a new member of the county space takes in the lead's whole copy
    /// of it in one call (verify, decrypt, apply, store) — envelopes per second.
    func ingestFloor() throws -> Double {
        let lead = try node("lead")
        let county = spaces["county"]!.id
        let fresh = try Node.create(at: folder.node("floor"))
        try lead.addMember(fresh.nodeID, role: .reader, in: county)
        try fresh.joinSpace(county, name: "county")
        let envelopes = try lead.envelopes(in: county, since: VersionVector())
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try fresh.ingest(envelopes, in: county, source: "floor") }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(envelopes.count) / max(seconds, 1e-6)
    }
}
