// What the fault-injecting VFS of the storage fault tests (D2, D3) costs a write, next to SQLite's default
// VFS in the same run: one-edit transactions with synchronous=FULL, the two alternating in rounds so the
// machine's drift hits both. The shim is for tests only (no product links it); this shows the fault
// tests exercise the same write path at a comparable cost. Run: cd Benchmarks && swift run -c release
// fault-vfs-report (WRITES per round, default 200; ROUNDS, default 5).
import CSQLiteFaultVFS
import Foundation
import PlaceCRDT
import PlaceSync

let environment = ProcessInfo.processInfo.environment
let writeCount = Int(environment["WRITES"] ?? "") ?? 200
let rounds = Int(environment["ROUNDS"] ?? "") ?? 5

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

guard let vfs = psfault_create("placesync-fault-report") else { fatalError("cannot register the fault VFS") }
let root = FileManager.default.temporaryDirectory.appendingPathComponent("placesync-fault-report-\(getpid())").path
try? FileManager.default.removeItem(atPath: root)
defer { try? FileManager.default.removeItem(atPath: root) }

/// One round of `writeCount` one-edit transactions on a fresh node; the latency of each.
func round(_ number: Int, vfsName: String?) throws -> [Double] {
    var configuration = NodeConfiguration()
    configuration.store.vfsName = vfsName
    let node = try Node.create(
        at: root + "/\(vfsName == nil ? "default" : "fault")-\(number)", configuration: configuration)
    let space = try node.createSpace(name: "bench")
    var text = ContainerID.root
    try node.transact(in: space, document: .main) { tx in text = try tx.makeContainer(.text, at: "body") }
    return try (0..<writeCount).map { index in
        try seconds {
            try node.transact(in: space, document: .main) { tx in try tx.insertText("audit \(index) ", at: 0, in: text)
            }
        }
    }
}

var byVFS: [String: [Double]] = ["default": [], "fault": []]
for number in 0..<rounds {
    byVFS["default", default: []] += try round(number, vfsName: nil)
    byVFS["fault", default: []] += try round(number, vfsName: "placesync-fault-report")
}
let base = median(byVFS["default"] ?? [])
let shim = median(byVFS["fault"] ?? [])
print("## One-edit writes, synchronous=FULL (\(rounds) rounds × \(writeCount), alternating; medians)\n")
print("VFS | median ms | ratio")
print("---|---|---")
print("default (production) | \(String(format: "%.3f", base * 1e3)) | 1.00")
print("fault shim, no fault armed | \(String(format: "%.3f", shim * 1e3)) | \(String(format: "%.2f", shim / base))")
print(
    "\nwrites and syncs through the shim: \(psfault_count(vfs, PSFaultOpWrite)) and \(psfault_count(vfs, PSFaultOpSync))"
)
