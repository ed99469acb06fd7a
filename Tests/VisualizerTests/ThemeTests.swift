import Foundation
import Testing
@testable import Visualizer

@Suite struct ThemeTests {
  static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../themes").standardized

  @Test(arguments: BuiltinThemes.names)
  func shippedThemesParseAndMatchTheirFiles(name: String) throws {
    let builtin = try #require(BuiltinThemes.named(name))
    let theme = try ThemeLoader.parse(builtin, file: name)
    #expect(theme.name == name)
    for role in Role.allCases { #expect(theme.styles[role] != nil, "\(name) leaves out \(role)") }
    let file = try String(contentsOf: Self.themesDir.appendingPathComponent("\(name).yaml"), encoding: .utf8)
    #expect(file == builtin, "themes/\(name).yaml and the built-in copy differ")
  }

  func error(_ yaml: String) -> String {
    do {
      _ = try ThemeLoader.parse(yaml, file: "t.yaml")
      return "no error"
    } catch {
      return error.description
    }
  }

  @Test func brokenThemesNameFileLineAndKey() {
    #expect(error("name: x\nstyles:\n  text: {fg: purple}\n").hasPrefix("t.yaml:3: key 'styles.text.fg': unknown colour 'purple'"))
    #expect(error("name: x\nstyles:\n  txt: {}\n").hasPrefix("t.yaml:3: key 'styles.txt': unknown role"))
    #expect(error("name: x\nstyles:\n  text: {attrs: [shiny]}\n").hasPrefix("t.yaml:3: key 'styles.text.attrs': unknown attribute 'shiny'"))
    #expect(error("name: x\ncolour: true\nstyles: {}\n").hasPrefix("t.yaml:2: key 'colour': unknown key"))
    #expect(error("name: x\n").contains("key 'styles': missing"))
    #expect(error("name: [x\nstyles: {}\n").hasPrefix("t.yaml:2: not valid YAML"))
    #expect(error("").contains("the file is empty"))
  }

  @Test func loadFindsNamesPathsAndSaysWhatExists() throws {
    #expect(try ThemeLoader.load("light", searchPaths: []).name == "light")
    #expect(try ThemeLoader.load(Self.themesDir.appendingPathComponent("mono.yaml").path, searchPaths: []).name == "mono")
    #expect(throws: ThemeError.self) { try ThemeLoader.load("nope", searchPaths: [Self.themesDir.path]) }
    do { _ = try ThemeLoader.load("/no/such.yaml", searchPaths: []) } catch {
      #expect(error.description == "/no/such.yaml: cannot read the file")
    }
  }

  @Test func coloursFallBackOnSmallPalettes() {
    #expect(TerminalColor.index(196).fitted(to: 256) == .index(196))
    #expect(TerminalColor.index(196).fitted(to: 16) == .index(9))  // bright red
    #expect(TerminalColor.index(196).fitted(to: 8) == .index(1))  // red
    #expect(TerminalColor.index(12).fitted(to: 8) == .index(4))  // bright blue → blue
    #expect(TerminalColor.index(229).fitted(to: 8) == .index(7))  // pale yellow → white
    #expect(TerminalColor.terminalDefault.fitted(to: 8) == .terminalDefault)
  }
}
