// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Reclaim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Reclaim", targets: ["Reclaim"]),
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
        .executableTarget(
            name: "ReclaimCLI",
            dependencies: [
                "Reclaim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ReclaimBench",
            dependencies: [
                "Reclaim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["python"]
        ),
        .testTarget(
            name: "ReclaimTests",
            dependencies: [
                "Reclaim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(name: "ReclaimCLITests", dependencies: ["Reclaim", "ReclaimCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
