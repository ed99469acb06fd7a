// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "ccwviz",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "ccwviz", targets: ["ccwviz"]),
    .library(name: "Simulation", targets: ["Simulation"]),
    .library(name: "Search", targets: ["Search"]),
    .library(name: "RevisionFiles", targets: ["RevisionFiles"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // The engine: worlds, revisions, hardware, hazards, traces, scenarios. No I/O.
    .target(name: "Simulation", dependencies: ["SafeText"]),
    // The search over worlds: explorer, hunt and shrink, symmetry, packing, the visited sets,
    // the world store; with the C memory hints it needs.
    .target(name: "Search", dependencies: ["Simulation", "CMemoryHints"]),
    // Text from files made safe to print (controls and bidi overrides), for every output path.
    .target(name: "SafeText"),
    // Cache and page hints for the explorer's visited set (Swift cannot spell them).
    .target(name: "CMemoryHints"),
    // Revision files (YAML): the parser, base inheritance, and the shipped revisions.
    .target(
      name: "RevisionFiles",
      dependencies: ["Simulation", "SafeText", .product(name: "Yams", package: "Yams")],
      resources: [.copy("Revisions")]),
    // Scenario files (YAML): the parser, the writer and the shipped scenarios.
    .target(
      name: "ScenarioFiles",
      dependencies: ["Simulation", "RevisionFiles", "SafeText", .product(name: "Yams", package: "Yams")],
      resources: [.copy("Scenarios")]),
    // Text and JSON renderings of runs, shared by the command line and the tests.
    .target(name: "Reports", dependencies: ["Simulation", "Search", "SafeText"]),
    // Teaching: coverage of the jump table and the handlers, and predict-then-reveal questions.
    .target(name: "Teaching", dependencies: ["Simulation", "Search", "SafeText"]),
    // The TUI without a terminal: screen grid, themes, layout, views, app state, key table.
    .target(
      name: "Visualizer",
      dependencies: ["Simulation", "Search", "RevisionFiles", "Teaching", "SafeText", .product(name: "Yams", package: "Yams")]),
    // ncursesw's wide-character API and the terminal-restoring signal handlers, in C.
    .target(name: "CNcurses", linkerSettings: [.linkedLibrary("ncursesw")]),
    // The only Swift code that touches the terminal.
    .target(name: "CursesBackend", dependencies: ["CNcurses", "Visualizer"]),
    // The command line.
    .executableTarget(
      name: "ccwviz",
      dependencies: [
        "Simulation", "Search", "Reports", "Visualizer", "CursesBackend", "ScenarioFiles", "RevisionFiles", "SafeText", "Teaching",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Search", "Reports", "ScenarioFiles", "RevisionFiles", "SafeText", "Teaching"]),
    .testTarget(
      name: "VisualizerTests", dependencies: ["Visualizer", "Simulation", "ScenarioFiles", "RevisionFiles", "Teaching"],
      exclude: ["Snapshots"]),
    .testTarget(name: "CLITests", dependencies: ["Simulation", "SafeText"]),
  ],
  swiftLanguageModes: [.v6]
)
