// swift-tools-version: 6.1
import CompilerPluginSupport
import PackageDescription

let package = Package(
    name: "Reclaim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Reclaim", targets: ["Reclaim"]),
        .library(name: "ReclaimInspection", targets: ["ReclaimInspection"]),
        .library(name: "ReclaimTracing", targets: ["ReclaimTracing"]),
        .library(name: "ReclaimRendering", targets: ["ReclaimRendering"]),
        .library(name: "LeakCheck", targets: ["LeakCheck"]),
        .executable(name: "reclaim", targets: ["ReclaimCLI"]),
        .executable(name: "reclaim-bench", targets: ["ReclaimBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        .target(name: "CReclaimShims"),
        .target(
            name: "Reclaim",
            dependencies: [
                "CReclaimShims",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: [.define("RECLAIM_INTERNAL_CHECKS", .when(configuration: .debug))]
        ),
        .target(name: "CReclaimTracing"),
        .target(name: "ReclaimInspection", dependencies: ["Reclaim", "CReclaimShims"]),
        // The malloc interposer: only programs that link this module (directly, or through
        // LeakCheck) have their allocations replaced.
        .target(name: "ReclaimTracing", dependencies: ["Reclaim", "ReclaimInspection", "CReclaimTracing"]),
        .target(name: "ReclaimRendering", dependencies: ["Reclaim", "ReclaimInspection"]),
        .target(name: "LeakCheck", dependencies: ["Reclaim", "ReclaimInspection", "ReclaimTracing"]),
        .executableTarget(
            name: "ReclaimCLI",
            dependencies: [
                "Reclaim",
                "ReclaimInspection",
                "ReclaimTracing",
                "ReclaimRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ReclaimBench",
            dependencies: [
                "Reclaim",
                "ReclaimInspection",
                "ReclaimTracing",
                "CReclaimTracing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["python"]
        ),
        .testTarget(
            name: "ReclaimTests",
            dependencies: [
                "Reclaim",
                "ReclaimTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .target(name: "ReclaimTestSupport", path: "Tests/ReclaimTestSupport"),
        .target(name: "CReclaimForkProbe", path: "Tests/CReclaimForkProbe"),
        .testTarget(
            name: "ReclaimInspectionTests",
            dependencies: ["Reclaim", "ReclaimInspection", "ReclaimTracing", "ReclaimTestSupport"]
        ),
        .testTarget(
            name: "ReclaimTracingTests",
            dependencies: ["Reclaim", "ReclaimInspection", "ReclaimTracing", "ReclaimTestSupport", "CReclaimForkProbe"]
        ),
        .testTarget(name: "ReclaimRenderingTests", dependencies: ["Reclaim", "ReclaimRendering"]),
        .testTarget(
            name: "LeakCheckTests",
            dependencies: ["Reclaim", "ReclaimInspection", "ReclaimTracing", "LeakCheck", "ReclaimTestSupport"]
        ),
        .testTarget(name: "ReclaimCLITests", dependencies: ["Reclaim", "ReclaimCLI", "ReclaimTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// `@Traced` and its tests need swift-syntax, whose clean build costs 1–1.5 minutes in debug
// and about 6 in release. The core library, `reclaim` and `reclaim-bench` never depend on it;
// CI's sanitizer runs set RECLAIM_WITHOUT_MACROS=1 so they do not build it at all.
if Context.environment["RECLAIM_WITHOUT_MACROS"] == nil {
    package.products.append(.library(name: "ReclaimMacros", targets: ["ReclaimMacros"]))
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"))
    package.targets += [
        .macro(
            name: "ReclaimMacrosPlugin",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ]
        ),
        .target(name: "ReclaimMacros", dependencies: ["Reclaim", "ReclaimMacrosPlugin"]),
        .testTarget(
            name: "ReclaimMacrosTests",
            dependencies: [
                "ReclaimMacros",
                "ReclaimMacrosPlugin",
                .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
            ]
        ),
    ]
}
