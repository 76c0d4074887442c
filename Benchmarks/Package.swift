// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift test` at the root never builds the benchmark
// machinery. Run from this folder: `swift package benchmark` (ordo-one/benchmark), or
// `swift run -c release trace-report` for the per-trace table.
import PackageDescription

let package = Package(
    name: "placesync-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "placesync", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CRDTTraces",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PlaceCRDT", package: "placesync"),
                .product(name: "PlaceTestSupport", package: "placesync"),
            ],
            path: "Benchmarks/CRDTTraces",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "trace-report",
            dependencies: [
                .product(name: "PlaceCRDT", package: "placesync"),
                .product(name: "PlaceTestSupport", package: "placesync"),
            ],
            path: "Sources/TraceReport"
        ),
    ],
    swiftLanguageModes: [.v6]
)
