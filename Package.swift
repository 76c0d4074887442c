// swift-tools-version: 6.1
import PackageDescription

/// Upcoming-feature flags every target gets (see STYLE.md §1).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "placesync",
    products: [
        .library(name: "PlaceBinary", targets: ["PlaceBinary"]),
        .library(name: "PlaceCRDT", targets: ["PlaceCRDT"]),
        .library(name: "PlaceCrypto", targets: ["PlaceCrypto"]),
        .library(name: "PlaceWire", targets: ["PlaceWire"]),
        .library(name: "PlaceStore", targets: ["PlaceStore"]),
        .library(name: "PlaceSync", targets: ["PlaceSync"]),
        .library(name: "PlaceQI", targets: ["PlaceQI"]),
        .library(name: "PlaceHTTP", targets: ["PlaceHTTP"]),
        .executable(name: "placesyncd", targets: ["placesyncd"]),
        .executable(name: "placesync", targets: ["placesync"]),
        .executable(name: "placesync-demo", targets: ["ConvergenceDemo"]),
        .executable(name: "placesync-embedded", targets: ["EmbeddedNodeExample"]),
        .executable(name: "placesync-editor-demo", targets: ["SingleDocumentExample"]),
        // Test helpers for the Benchmarks package; not API, no stability promise.
        .library(name: "PlaceTestSupport", targets: ["PlaceTestSupport"]),
        // The fault-injecting SQLite VFS of the storage fault tests, for the fault-vfs-report benchmark.
        .library(name: "CSQLiteFaultVFS", targets: ["CSQLiteFaultVFS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `swift package generate-documentation` (scripts/docs.sh; CI builds the docs, warnings as errors).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Tests only: a clock the test moves by hand (backoff and deadlines in milliseconds of real time).
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        // The HTTP frontend: server, HTML templates, metrics and their Prometheus exposition.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Bytes in and out: bounds-checked readers, varints, limits. Every codec uses it.
        .target(name: "PlaceBinary", swiftSettings: swiftSettings),
        // The space change log and the documents it feeds. Pure Swift, deterministic, no I/O.
        .target(name: "PlaceCRDT", dependencies: ["PlaceBinary"], swiftSettings: swiftSettings),
        // libsodium, seen only by PlaceCrypto.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // zlib: deflate for sync batches (PlaceWire), between peers that speak protocol version 2.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Identities, keys, sealing and the Noise XX state machine: the only code that touches libsodium.
        .target(name: "PlaceCrypto", dependencies: ["CSodium"], swiftSettings: swiftSettings),
        // The envelope (and, later, every protocol message) and their encodings.
        .target(
            name: "PlaceWire", dependencies: ["PlaceBinary", "PlaceCRDT", "PlaceCrypto", "CZlib"],
            swiftSettings: swiftSettings),
        // The replica on disk: SQLite (WAL) through GRDB. Stores and queries; does not verify.
        .target(
            name: "PlaceStore",
            dependencies: ["PlaceCRDT", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        // The embeddable node: replica, verification, ingest, the sync session and its transports
        // (NIO only under Transport/TCP/), peers and the listener as services.
        .target(
            name: "PlaceSync",
            dependencies: [
                "PlaceBinary", "PlaceCRDT", "PlaceWire", "PlaceCrypto", "PlaceStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        // What the executables share and integrators do not need: the daemon's config file and flags,
        // peer addresses, the passphrase's sources, opening the node.
        // The QI vocabulary over the node: projects, PDSA cycles, measures and their charts, notes,
        // people, organisations, the PID guard and the community's report.
        .target(
            name: "PlaceQI",
            dependencies: ["PlaceSync", "PlaceBinary"],
            swiftSettings: swiftSettings),
        // The HTTP frontend over PlaceQI: the JSON API (/v1), live events, metrics and the web Sharing Space.
        .target(
            name: "PlaceHTTP",
            dependencies: [
                "PlaceQI", "PlaceSync", "PlaceCrypto", "PlaceBinary",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PlaceDaemon",
            dependencies: ["PlaceSync", "PlaceCrypto", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        // The daemon: a node that listens, dials its peers and hubs, and relays (Daemon/).
        .executableTarget(
            name: "placesyncd",
            dependencies: [
                "PlaceDaemon", "PlaceHTTP", "PlaceQI", "PlaceSync", "PlaceWire", "PlaceCrypto",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Daemon/Sources/placesyncd",
            swiftSettings: swiftSettings),
        // The command line: drives a node from a shell (opens the replica directly).
        .executableTarget(
            name: "placesync",
            dependencies: [
                "PlaceQI", "PlaceDaemon", "PlaceSync", "PlaceWire", "PlaceCrypto", "PlaceCRDT", "PlaceBinary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/placesync",
            swiftSettings: swiftSettings),
        // Drives a node from a child process in crash and concurrency tests (not installed).
        .executableTarget(
            name: "ReplicaWorker", dependencies: ["PlaceSync", "PlaceStore", "PlaceWire", "PlaceCRDT"], path: "Tests/Helpers/ReplicaWorker",
            swiftSettings: swiftSettings),
        // Test helpers shared by test targets and benchmarks: seeded RNG, fuzzers, trace loading.
        .target(
            name: "PlaceTestSupport",
            dependencies: ["PlaceCRDT", "PlaceBinary"],
            swiftSettings: swiftSettings
        ),
        // An integrator's tool that embeds a node and syncs with a placesyncd (Examples/EmbeddedNode).
        .executableTarget(
            name: "EmbeddedNodeExample",
            dependencies: ["PlaceSync"],
            path: "Examples/EmbeddedNode",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // One document with PlaceCRDT alone: concurrent editors, remote merge, undo and redo.
        .executableTarget(
            name: "SingleDocumentExample",
            dependencies: ["PlaceCRDT"],
            path: "Examples/SingleDocument",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ConvergenceDemo",
            dependencies: ["PlaceCRDT", "PlaceWire", "PlaceSync"],
            path: "Examples/ConvergenceDemo",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceQITests",
            dependencies: ["PlaceQI", "PlaceSync", "PlaceSyncTestHelpers", "PlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceHTTPTests",
            dependencies: ["PlaceHTTP", "PlaceQI", "PlaceSync", "PlaceSyncTestHelpers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceBinaryTests",
            dependencies: ["PlaceBinary", "PlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceCryptoTests",
            dependencies: ["PlaceCrypto"],
            exclude: ["Wycheproof"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceWireTests",
            dependencies: ["PlaceWire", "PlaceCrypto", "PlaceCRDT", "PlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceStoreTests",
            dependencies: ["PlaceStore", "PlaceCRDT", "PlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
        // Helpers the PlaceSync test targets share: temporary folders, test configurations, fixtures.
        // A fault-injecting SQLite VFS (power cuts, I/O errors) for the storage fault tests; tests only.
        .target(
            name: "CSQLiteFaultVFS", path: "Tests/Helpers/CSQLiteFaultVFS",
            linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "PlaceSyncTestHelpers",
            dependencies: ["PlaceSync", "PlaceCRDT", "PlaceWire", "PlaceCrypto", "PlaceTestSupport", "CSQLiteFaultVFS"],
            path: "Tests/Helpers/PlaceSyncTestHelpers",
            swiftSettings: swiftSettings
        ),
        // Suites that run real processes: placesyncd, placesync, the examples, crash workers.
        .testTarget(
            name: "PlaceSyncIntegrationTests",
            dependencies: [
                "PlaceQI", "PlaceSync", "PlaceSyncTestHelpers", "PlaceWire", "PlaceCrypto", "PlaceCRDT", "PlaceStore",
                "PlaceTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceSyncTests",
            dependencies: [
                "PlaceSync", "PlaceSyncTestHelpers", "PlaceStore", "PlaceWire", "PlaceCrypto", "PlaceCRDT",
                "PlaceTestSupport", .product(name: "Clocks", package: "swift-clocks"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceCRDTTests",
            dependencies: ["PlaceCRDT", "PlaceBinary", "PlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
