// PlaceQI at county scale: how long the example county takes to create and how big its replica is;
// then, on it, the evaluation report, a project page's reads, and chart computation for a 1,000-point
// measure. Medians of RUNS (default 15) with the spread; the targets are issue 22's.
//
//     cd Benchmarks && swift run -c release qi-report            (SCALE=0.2 for a quicker county)
import Foundation
import PlaceQI
import PlaceSync

let environment = ProcessInfo.processInfo.environment
let runs = Int(environment["RUNS"] ?? "") ?? 15
let scale = Double(environment["SCALE"] ?? "") ?? 1

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    return String(
        format: "%.2f ms (min %.2f, max %.2f)", median * 1_000, sorted[0] * 1_000, sorted[sorted.count - 1] * 1_000)
}

func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qi-report-\(UUID().uuidString.prefix(8))")
    .path
defer { try? FileManager.default.removeItem(atPath: folder) }
let node = try Node.create(at: folder)
let space = try node.createSpace(name: "Example county")
let qi = QISpace(node: node, space: space)
let plan = ExampleCounty.plan(seed: 7, scale: scale)
let created = try seconds { try ExampleCounty.write(plan, into: qi) }

let size = ["", "-wal"].reduce(0) {
    $0 + ((try? FileManager.default.attributesOfItem(atPath: folder + "/replica.sqlite" + $1)[.size] as? Int) ?? 0)
}
print("## PlaceQI at county scale (scale \(scale), \(runs) runs)\n")
print(
    "example county: \(plan.projects.count) projects, \(plan.cycles.count) PDSA cycles, \(plan.measures.count) measures (\(plan.measures.reduce(0) { $0 + $1.points.count }) points), \(plan.notes.count) notes"
)
print(String(format: "created in %.1f s; replica %.1f MB\n", created, Double(size) / 1_048_576))

print("what | median | target")
print("---|---|---")
var reportTimes: [Double] = []
for _ in 0..<runs { reportTimes.append(try seconds { _ = try QIReport(qi) }) }
print("evaluation report (read everything, count) | \(summary(reportTimes)) | ≤ 200 ms")

let projects = try qi.projects()
let sample = projects[projects.count / 2].id
var pageTimes: [Double] = []
for _ in 0..<runs {
    pageTimes.append(
        try seconds {
            _ = try qi.project(sample)
            _ = try qi.pdsaCycles(of: sample)
            _ = try qi.measures(of: sample)
            _ = try qi.notes(of: sample)
            _ = try qi.organisations()
            _ = try qi.people()
        })
}
print("a project page (project, its cycles, measures, notes; directories) | \(summary(pageTimes)) | ≤ 20 ms")

var random = SystemRandomNumberGenerator()
let values = (0..<1_000).map { index in 50 + Double(index > 600 ? -8 : 0) + Double.random(in: -5...5, using: &random) }
var chartTimes: [Double] = []
for _ in 0..<runs {
    chartTimes.append(
        seconds {
            let run = RunChart(values: values)
            let xmr = XmRChart(values: values, direction: .lowerIsBetter, target: 45)
            _ = (run.hasSignal, xmr.signals.count)
        })
}
print("run chart + XmR chart, 1,000 points | \(summary(chartTimes)) | ≤ 5 ms")
var svgTimes: [Double] = []
for _ in 0..<runs {
    svgTimes.append(
        seconds { _ = ChartSVG.render(XmRChart(values: values, direction: .lowerIsBetter), title: "x").count })
}
print("XmR chart as SVG, 1,000 points | \(summary(svgTimes)) | —")
