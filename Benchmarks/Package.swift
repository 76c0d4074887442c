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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // A plain Hummingbird "hello" server: the baseline of `http_report.py` (the daemon's API latency).
        .executableTarget(
            name: "http-hello",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/HTTPHello"
        ),
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
        // Raw libsodium, only as the baseline the crypto report compares PlaceCrypto against.
        .systemLibrary(name: "CSodiumRaw", path: "Sources/CSodiumRaw", pkgConfig: "libsodium"),
        .executableTarget(
            name: "crypto-report",
            dependencies: [
                "CSodiumRaw",
                .product(name: "PlaceCrypto", package: "placesync"),
                .product(name: "PlaceWire", package: "placesync"),
                .product(name: "PlaceCRDT", package: "placesync"),
            ],
            path: "Sources/CryptoReport",
            // A measurement script with top-level state; strict isolation checking adds nothing here.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // glibc's mallinfo2, to measure the heap a replayed document retains.
        .systemLibrary(name: "CMallocInfo", path: "Sources/CMallocInfo"),
        .executableTarget(
            name: "trace-report",
            dependencies: [
                "CMallocInfo",
                .product(name: "PlaceCRDT", package: "placesync"),
                .product(name: "PlaceTestSupport", package: "placesync"),
            ],
            path: "Sources/TraceReport"
        ),
        // Raw SQLite, only as the floor the store report compares ingest against.
        .systemLibrary(name: "CSQLiteRaw", path: "Sources/CSQLiteRaw", pkgConfig: "sqlite3"),
        // The fault VFS's cost on writes, next to the default VFS in the same run (it is in no product's path).
        .executableTarget(
            name: "fault-vfs-report",
            dependencies: [
                .product(name: "PlaceSync", package: "placesync"),
                .product(name: "PlaceCRDT", package: "placesync"),
                .product(name: "CSQLiteFaultVFS", package: "placesync"),
            ],
            path: "Sources/FaultVFSReport"
        ),
        .executableTarget(
            name: "store-report",
            dependencies: [
                "CSQLiteRaw",
                .product(name: "PlaceSync", package: "placesync"),
                .product(name: "PlaceStore", package: "placesync"),
                .product(name: "PlaceTestSupport", package: "placesync"),
                .product(name: "PlaceWire", package: "placesync"),
                .product(name: "PlaceCRDT", package: "placesync"),
            ],
            path: "Sources/StoreReport",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "sync-report",
            dependencies: [
                "CSQLiteRaw",
                .product(name: "PlaceSync", package: "placesync"),
                .product(name: "PlaceWire", package: "placesync"),
                .product(name: "PlaceCrypto", package: "placesync"),
                .product(name: "PlaceCRDT", package: "placesync"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/SyncReport",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "hostile-report",
            dependencies: [
                .product(name: "PlaceSync", package: "placesync"),
                .product(name: "PlaceWire", package: "placesync"),
                .product(name: "PlaceCrypto", package: "placesync"),
                .product(name: "PlaceCRDT", package: "placesync"),
            ],
            path: "Sources/HostileReport",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // zlib, only to measure what deflate would save on initial-sync batches (issue 24).
        .systemLibrary(name: "CZlibRaw", path: "Sources/CZlibRaw"),
        .executableTarget(
            name: "envelope-report",
            dependencies: [
                "CZlibRaw",
                .product(name: "PlaceSync", package: "placesync"),
                .product(name: "PlaceWire", package: "placesync"),
                .product(name: "PlaceCRDT", package: "placesync"),
            ],
            path: "Sources/EnvelopeReport",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "qi-report",
            dependencies: [
                .product(name: "PlaceQI", package: "placesync"),
                .product(name: "PlaceSync", package: "placesync"),
            ],
            path: "Sources/QIReport"
        ),
    ],
    swiftLanguageModes: [.v6]
)
