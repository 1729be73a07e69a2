// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gleaner",
    // Linux only: the code imports Glibc and reads /proc (see README.md, "Platforms").
    products: [
        .executable(name: "gleaner", targets: ["gleaner"]),
        .executable(name: "gleaner-producer", targets: ["gleaner-producer"]),
        .executable(name: "gleaner-worker", targets: ["gleaner-worker"]),
        .executable(name: "gleaner-collector", targets: ["gleaner-collector"]),
        .library(name: "GleanerCore", targets: ["GleanerCore"]),
        .library(name: "GleanerExtraction", targets: ["GleanerExtraction"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // libzmq through its C header; only GleanerCore/Messaging imports it.
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        // libxml2's HTML parser; only GleanerCore/Input/HTML/HTMLDocument.swift imports it.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // zlib for gzip-compressed WARC files; only GleanerCore/Input/Containers/GzipReader.swift imports it.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // A cache prefetch hint (header only, nothing to link); only GleanerCore/Store imports it.
        .systemLibrary(name: "CCacheHints"),
        // CPU affinity calls glibc hides without _GNU_SOURCE (header only); only
        // GleanerCore/Support/CPUAffinity.swift imports it.
        .systemLibrary(name: "CScheduling"),
        // The extraction engine: text, lexicon, entities, quotes, dates. Pure Swift, no ZeroMQ.
        // Its word lists (Lexicon/Data/*.txt) are embedded at build time by EmbedLexicon.
        .target(name: "GleanerExtraction", exclude: ["Lexicon/Data"], plugins: ["EmbedLexicon"]),
        .executableTarget(name: "EmbedLexiconTool"),
        // Fits the speaker-choice weights (Lexicon/Data/speaker-weights.txt) on openly licensed text.
        .plugin(name: "EmbedLexicon", capability: .buildTool(), dependencies: ["EmbedLexiconTool"]),
        .target(
            name: "GleanerCore",
            dependencies: [
                "GleanerExtraction",
                "CZMQ",
                "CLibXML2",
                "CZlib",
                "CCacheHints",
                "CScheduling",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Running roles as services: swift-service-lifecycle (signals, ordered shutdown),
        // the Prometheus registry and its HTTP endpoint (FlyingFox).
        .target(
            name: "GleanerService",
            dependencies: [
                "GleanerCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // Command-line surface shared by all four executables.
        .target(
            name: "GleanerCLI",
            dependencies: [
                "GleanerCore",
                "GleanerService",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "gleaner", dependencies: ["GleanerCLI"]),
        .executableTarget(name: "gleaner-producer", dependencies: ["GleanerCLI"]),
        .executableTarget(name: "gleaner-worker", dependencies: ["GleanerCLI"]),
        .executableTarget(name: "gleaner-collector", dependencies: ["GleanerCLI"]),
        // A delaying TCP proxy for benchmarks (scripts/simulate-cluster): plain sockets, no libzmq.
        .target(name: "GleanerNetem"),
        .executableTarget(
            name: "gleaner-netem",
            dependencies: ["GleanerNetem", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Helpers the test targets share (temporary folders removed when a test ends). It imports
        // XCTest, so only test targets depend on it.
        .target(name: "GleanerTestSupport", path: "Tests/GleanerTestSupport"),
        // Fixtures are read from the source tree (#filePath), not bundled.
        .testTarget(name: "GleanerExtractionTests", dependencies: ["GleanerExtraction"]),
        .testTarget(
            name: "GleanerCoreTests", dependencies: ["GleanerCore", "GleanerTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "GleanerIntegrationTests",
            dependencies: [
                "GleanerCore", "GleanerService", "GleanerTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "GleanerNetemTests", dependencies: ["GleanerNetem"]),
        .testTarget(
            name: "GleanerCLITests",
            dependencies: ["GleanerCLI", "GleanerCore", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
