// swift-tools-version: 6.0
import PackageDescription

/// Vitality's benchmarks, a package of their own so that the root `Package.swift` holds only what
/// the `vitality` product needs: `swift build` and `swift test` at the root never fetch or build
/// SwiftCSV and CSV.swift (the CSV libraries `vitality-bench` compares the readers with) or these
/// executables. Build from the repository root with
/// `swift build --package-path Benchmarks -c release --product vitality-bench` (or `png-bench`),
/// as `scripts/bench-readers.sh`, `scripts/bench-png.sh` and `scripts/bench-numbers.sh` do.
/// `number-bench` links Debian's libdouble-conversion and libfmt, which only it needs.
///
/// The root package exposes no library products (it ships one executable), so this package does
/// not depend on it: `Sources/Vitality…` and `Sources/C…` here are symbolic links to the root's
/// module folders (SwiftPM does not accept a target path outside the package), and the targets
/// below repeat the root's declarations of the modules the benchmarks import. They compile the
/// very same source files, in this package's own `.build/`. Keep the declarations in step with
/// the root manifest when a module's dependencies change.
let package = Package(
    name: "VitalityBenchmarks",
    dependencies: [
        // The versions the README's reader comparison was measured with.
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CLibDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .target(name: "CPNGEncode", dependencies: ["CLibDeflate"]),
        .target(name: "VitalityModel"),
        .target(name: "VitalityData", dependencies: ["VitalityModel", "CISAL", "CLibDeflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "VitalityScene"),
        .target(name: "VitalityCharts", dependencies: ["VitalityModel", "VitalityScene"]),
        .target(
            name: "VitalityRender",
            dependencies: ["VitalityScene", "CCairo", "CPangoCairo", "CPNGEncode"],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),

        .executableTarget(
            name: "vitality-bench",
            dependencies: [
                "VitalityData", "VitalityModel", "CLibDeflate",
                .product(name: "SwiftCSV", package: "SwiftCSV"), .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(
            name: "CNumberPeers",
            linkerSettings: [.linkedLibrary("double-conversion"), .linkedLibrary("fmt")]
        ),
        .executableTarget(name: "number-bench", dependencies: ["CNumberPeers"]),
        .executableTarget(name: "png-bench", dependencies: ["VitalityCharts", "VitalityRender", "VitalityScene"]),
    ],
    swiftLanguageModes: [.v6]
)
