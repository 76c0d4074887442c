// One benchmark per editing trace in ../shared/traces (josephg/editing-traces, CC BY 4.0; see the
// README there): replaying it one change per transaction, and loading its final snapshot.
import Benchmark
import PlaceCRDT
import PlaceTestSupport

let traceNames = (try? EditingTrace.availableNames()) ?? []

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(30),
        maxIterations: 5
    )
    for name in traceNames {
        guard let trace = try? EditingTrace.load(named: name) else { continue }
        Benchmark("replay \(name) (\(trace.patchCount) patches)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try trace.replay())
            }
        }
        guard let (log, _) = try? trace.replay() else { continue }
        let snapshot = log.document(.main).snapshot()
        Benchmark("load snapshot \(name) (\(snapshot.count) bytes)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Document(snapshot: snapshot))
            }
        }
    }
}
