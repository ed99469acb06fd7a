import ArgumentParser

@main
struct CCWViz: ParsableCommand {

  static let configuration = CommandConfiguration(
    commandName: "ccwviz",
    abstract: "Visualize, simulate and find races in the Linux s390 vfio-ccw I/O path.",
    discussion: """
      Revisions: v5.2, v5.3, seed-v3, v5.13, v6.0, huck-queue, or a revision file (docs/revisions.md). \
      `ccwviz list revisions|scenarios` shows them; `ccwviz diff A B` compares two.
      """,
    subcommands: [TUICommand.self, RunCommand.self, CompareCommand.self, ExportCommand.self, ExploreCommand.self, HuntCommand.self, ShrinkCommand.self, CheckCommand.self, DiffCommand.self, ShowCommand.self, ListCommand.self, BenchCommand.self],
    defaultSubcommand: TUICommand.self)
}
