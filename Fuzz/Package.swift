// swift-tools-version: 6.1
// libFuzzer harnesses for PlaceSync's decoders (RELIABILITY.md D35). Built by hand, never by `swift test`:
//   cd Fuzz && ./run.sh [seconds]
import PackageDescription

let package = Package(
    name: "placesync-fuzz",
    dependencies: [.package(name: "placesync", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzDecoders",
            dependencies: [
                .product(name: "PlaceCRDT", package: "placesync"),
                .product(name: "PlaceWire", package: "placesync"),
                .product(name: "PlaceCrypto", package: "placesync"),
            ],
            path: "Sources/FuzzDecoders"
        )
    ],
    swiftLanguageModes: [.v6]
)
