// swift-tools-version: 6.0
import PackageDescription

/// Vitality: one module per pipeline stage (see docs/ARCHITECTURE.md).
/// ingest (VitalityData) → model (VitalityModel) → analysis (VitalityAnalysis) →
/// chart layout (VitalityCharts → VitalityScene) → rendering (VitalityRender) →
/// report pagination (VitalityReport) → build/output (VitalityBuild) → CLI (vitality).
let package = Package(
    name: "Vitality",
    products: [
        .executable(name: "vitality", targets: ["vitality"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CLibDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        // The PNG writer (libdeflate, in C: a tight pixel loop that is fast in debug builds too).
        .target(name: "CPNGEncode", dependencies: ["CLibDeflate"]),
        // `syncfs`, which Glibc's Swift module lacks: one flush for all staged files.
        .target(name: "CFileSync"),

        .target(name: "VitalityModel"),
        .target(name: "VitalityData", dependencies: ["VitalityModel", "CISAL", "CLibDeflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "VitalityAnalysis", dependencies: ["VitalityModel"]),
        .target(name: "VitalityScene"),
        .target(name: "VitalityCharts", dependencies: ["VitalityModel", "VitalityScene"]),
        .target(
            name: "VitalityRender",
            dependencies: ["VitalityScene", "CCairo", "CPangoCairo", "CPNGEncode"],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(
            name: "VitalityReport",
            dependencies: [
                "VitalityModel", "VitalityAnalysis", "VitalityCharts", "VitalityScene",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "VitalityBuild",
            dependencies: [
                "VitalityModel", "VitalityData", "VitalityAnalysis", "VitalityCharts",
                "VitalityScene", "VitalityRender", "VitalityReport", "CFileSync",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "vitality",
            dependencies: [
                "VitalityBuild", "VitalityData", "VitalityModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Helpers of the test targets only (process runner, tool lookup, temporary folders,
        // a seeded generator, a workbook writer); no product depends on it.
        .target(
            name: "VitalityTestSupport", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/VitalityTestSupport"),

        .testTarget(name: "VitalityDataTests", dependencies: ["VitalityTestSupport", "VitalityData", "VitalityModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "VitalityAnalysisTests", dependencies: ["VitalityAnalysis", "VitalityModel"]),
        .testTarget(name: "VitalityChartsTests", dependencies: ["VitalityTestSupport", "VitalityCharts", "VitalityModel", "VitalityScene", "VitalityRender"], exclude: ["Golden"]),
        .testTarget(name: "VitalityRenderTests", dependencies: ["VitalityTestSupport", "VitalityRender", "VitalityScene"]),
        .testTarget(name: "VitalityReportTests", dependencies: ["VitalityTestSupport", "VitalityReport", "VitalityModel", "VitalityAnalysis", "VitalityRender", "VitalityScene", "VitalityData", "VitalityBuild"], exclude: ["Fixtures"]),
        .testTarget(name: "VitalityBuildTests", dependencies: ["VitalityTestSupport", "VitalityBuild", "VitalityModel", "VitalityScene", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "VitalityModelTests", dependencies: ["VitalityTestSupport", "VitalityModel"]),
        .testTarget(name: "VitalityTestSupportTests", dependencies: ["VitalityTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
