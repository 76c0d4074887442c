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
        .executable(name: "placesync-demo", targets: ["ConvergenceDemo"]),
        // Test helpers for the Benchmarks package; not API, no stability promise.
        .library(name: "PlaceTestSupport", targets: ["PlaceTestSupport"]),
    ],
    targets: [
        // Bytes in and out: bounds-checked readers, varints, limits. Every codec uses it.
        .target(name: "PlaceBinary", swiftSettings: swiftSettings),
        // The space change log and the documents it feeds. Pure Swift, deterministic, no I/O.
        .target(name: "PlaceCRDT", dependencies: ["PlaceBinary"], swiftSettings: swiftSettings),
        // libsodium, seen only by PlaceCrypto.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // Identities, keys, sealing and the Noise XX state machine: the only code that touches libsodium.
        .target(name: "PlaceCrypto", dependencies: ["CSodium"], swiftSettings: swiftSettings),
        // The envelope (and, later, every protocol message) and their encodings.
        .target(
            name: "PlaceWire", dependencies: ["PlaceBinary", "PlaceCRDT", "PlaceCrypto"], swiftSettings: swiftSettings),
        // Test helpers shared by test targets and benchmarks: seeded RNG, fuzzers, trace loading.
        .target(
            name: "PlaceTestSupport",
            dependencies: ["PlaceCRDT", "PlaceBinary"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ConvergenceDemo",
            dependencies: ["PlaceCRDT", "PlaceCrypto", "PlaceWire"],
            path: "Examples/ConvergenceDemo",
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
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlaceWireTests",
            dependencies: ["PlaceWire", "PlaceCrypto", "PlaceCRDT"],
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
