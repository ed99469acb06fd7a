import Testing
@testable import Visualizer

/// The bytes after an ESC that ncurses did not decode.
@Suite struct EscapeSequenceTests {
  func bytes(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

  @Test func knownSequencesAreKeys() {
    let cases: [(String, Key)] = [
      ("[1~", .home), ("[4~", .end), ("[7~", .home), ("[8~", .end), ("[H", .home), ("[F", .end),
      ("OH", .home), ("OF", .end), ("[A", .up), ("OB", .down), ("[C", .right), ("[D", .left),
      ("[5~", .pageUp), ("[6~", .pageDown), ("[1;5H", .home), ("[1;2A", .up), ("OM", .enter),
    ]
    for (seq, key) in cases {
      #expect(EscapeSequence.isComplete(bytes(seq)), "\(seq)")
      #expect(EscapeSequence.key(bytes(seq)) == key, "\(seq)")
    }
  }

  @Test func unknownSequencesAreSwallowedWhole() {
    for seq in ["[15~", "[24~", "[200~", "OP", "[Z", "x", "[?1;2c", "[<0;3;4M"] {
      #expect(EscapeSequence.isComplete(bytes(seq)), "\(seq)")
      #expect(EscapeSequence.key(bytes(seq)) == nil, "\(seq)")
    }
  }

  @Test func aSequenceIsReadToItsFinalByte() {
    #expect(!EscapeSequence.isComplete(bytes("")))
    #expect(!EscapeSequence.isComplete(bytes("[")))
    #expect(!EscapeSequence.isComplete(bytes("[1")))
    #expect(!EscapeSequence.isComplete(bytes("[15;2")))
    #expect(!EscapeSequence.isComplete(bytes("O")))
    #expect(EscapeSequence.isComplete(bytes("[15;2~")))
  }
}
