import XCTest

@testable import GleanerCore

/// The index rows' text written without intermediate strings and arrays reads as the strings did.
final class IndexRowTextTests: XCTestCase {
    func testAppendDecimal_writesWhatStringOfTheNumberHolds_afterWhatWasThere() {
        var generator = SystemRandomNumberGenerator()
        let values: [UInt64] = [0, 1, 9, 10, 99, 100, 4_294_967_295, 4_294_967_296, .max - 1, .max]
            + (0..<500).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63) }
        for value in values {
            var out: [UInt8] = Array("x\t".utf8)
            IndexFiles.Batch.appendDecimal(value, to: &out)
            XCTAssertEqual(out, Array("x\t\(value)".utf8))
        }
        var out: [UInt8] = []
        IndexFiles.Batch.appendDecimal(UInt32.max, to: &out)
        XCTAssertEqual(out, Array("4294967295".utf8))
    }

    func testAppendFolded_addsWhatFoldedReturns_forASCIIAndOtherText() {
        for title in ["U.S. Election\tResults", "Crème BRÛLÉE.\nnight", "", "...", "ÉTÉ"] {
            var out: [UInt8] = Array("before".utf8)
            TitleText.appendFolded(Array(title.utf8), to: &out)
            XCTAssertEqual(out, Array("before".utf8) + TitleText.folded(title))
        }
        XCTAssertEqual(TitleText.folded("U.S. Election\tResults"), Array("us election results".utf8))
    }
}
