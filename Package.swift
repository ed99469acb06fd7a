// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "ccwviz",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "ccwviz", targets: ["ccwviz"]),
    .library(name: "Simulation", targets: ["Simulation"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // The engine: worlds, revisions, hardware, hazards, traces, scenarios. No I/O.
    .target(name: "Simulation"),
    // Text and JSON renderings of runs, shared by the command line and the tests.
    .target(name: "Reports", dependencies: ["Simulation"]),
    // The command line.
    .executableTarget(
      name: "ccwviz",
      dependencies: [
        "Simulation", "Reports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Reports"]),
    .testTarget(name: "CLITests", dependencies: ["Simulation"]),
  ],
  swiftLanguageModes: [.v6]
)
