// swift-tools-version:6.0
import PackageDescription

// Data flows one way: AudioIO/FFT -> Analysis -> Conversation -> Scoring -> Reporting -> Scorecards
// -> Pipeline -> callqa.
// A module never imports one above it.
let package = Package(
    name: "callqa",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "callqa", targets: ["callqa"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        // C boundary: system libraries, installed with apt.
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"])]
        ),
        // Keeps libsndfile's MP3 decoder (libmpg123) from printing on standard error.
        .target(name: "CMPG123Quiet", linkerSettings: [.linkedLibrary("dl")]),
        // The only importers of the C modules.
        .target(name: "AudioIO", dependencies: ["CSndFile", "CMPG123Quiet"]),
        .target(name: "FFT", dependencies: ["CFFTW"]),
        // Pure Swift signal processing and conversation facts.
        .target(name: "Analysis", dependencies: ["FFT"]),
        .target(name: "Conversation", dependencies: ["Analysis"]),
        .target(name: "Scoring", dependencies: ["Conversation", "Analysis", "Yams"]),
        .target(
            name: "Reporting",
            dependencies: ["Scoring", "Conversation", "Analysis", "AudioIO", .product(name: "CSV", package: "CSV.swift")]
        ),
        // Views over finished reports: agent scorecards, calibration against human QA, HTML.
        .target(name: "Scorecards", dependencies: ["Reporting", "Scoring"]),
        .target(
            name: "Pipeline",
            dependencies: [
                "Scorecards", "Reporting", "Scoring", "Conversation", "Analysis", "AudioIO", "FFT",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .executableTarget(
            name: "callqa",
            dependencies: ["Pipeline", "Scorecards", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Test support: signal generators, fixture locator, approximate assertions.
        .target(name: "TestSupport", dependencies: ["Analysis", "AudioIO", "Conversation"], path: "Sources/TestSupport"),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "TestSupport"]),
        .testTarget(name: "FFTTests", dependencies: ["FFT", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TestSupport"]),
        .testTarget(name: "ConversationTests", dependencies: ["Conversation", "TestSupport"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "TestSupport"]),
        .testTarget(name: "ScorecardsTests", dependencies: ["Scorecards", "Reporting", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
