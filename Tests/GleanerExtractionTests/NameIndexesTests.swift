import XCTest
@testable import GleanerExtraction

/// The document-level name indexes answer exactly what a pass over every name would.
final class NameIndexesTests: XCTestCase {
    /// Random multi-word names over a small vocabulary, so prefixes and suffixes collide often.
    private func randomNames(_ count: Int, seed: UInt64, words: [String]) -> [String] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<String>(), out: [String] = []
        while out.count < count {
            let n = 1 + Int(rng.next() % 4)
            let name = (0..<n).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    private let vocabulary = [
        "Bank", "Reserve", "of", "Australia", "Imran", "Khan", "Royal", "RBA", "Shah", "Ünal", "Mehmood", "the",
    ]

    func testFirstSpaceSeparatedWord_agreesWithSplitAtSpaces() {
        let samples = [
            "", " ", "   ", "Khan", " Khan", "Khan ", "  Imran  Khan ", "Bank of Australia", "Ünal", " Ünal Shah",
            "e\u{301} x", "a \u{301}b", " \u{301}", "Mehmood\u{301}", "RBA  ", "x\ty",
        ]
        var rng = SplitMix64(seed: 3)
        let pieces = ["Khan", " ", "Ünal", "\u{301}", "a", "  "]
        let random = (0..<300).map { _ in
            (0..<Int(rng.next() % 5)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
        for s in samples + random {
            let parts = s.split(separator: " ")
            let found = s.firstSpaceSeparatedWord()
            XCTAssertEqual(found.map { String($0.word) }, parts.first.map(String.init), "first word of '\(s)'")
            XCTAssertEqual(found?.isOnly, parts.isEmpty ? nil : parts.count == 1, "only word of '\(s)'")
        }
    }

    func testWordAffixIndex_matchesAPassOverTheNames() {
        for seed in 1...20 as ClosedRange<UInt64> {
            let names = randomNames(60, seed: seed, words: vocabulary)
            let index = WordAffixIndex(names)
            for key in randomNames(40, seed: seed + 100, words: vocabulary) {
                for suffixOnly in [false, true] {
                    let naive = names.first {
                        $0.utf8.count > key.utf8.count
                            && ($0.hasSuffix(" " + key) || (!suffixOnly && $0.hasPrefix(key + " ")))
                    }
                    XCTAssertEqual(
                        index.firstName(endingOrBeginningWith: key, suffixOnly: suffixOnly), naive, "\(key) in \(names)"
                    )
                }
                for other in [names[0], key] {
                    let naive = names.contains { $0 != other && $0.hasSuffix(" " + key) }
                    XCTAssertEqual(index.hasName(endingWith: key, otherThan: other), naive, key)
                }
            }
        }
    }

    /// The pass `OrgExpansionIndex` replaces: every name in order, longest prefixed name wins.
    private func naiveExpansion(_ short: String, _ orgs: [String]) -> String? {
        let sParts = short.split(separator: " ")
        var best: String? = nil
        let isAcronym =
            sParts.count == 1 && short.utf8.count >= 2
            && short.unicodeScalars.allSatisfy { CharacterClass.isUpper($0) || $0 == "." || $0 == "&" }
        let bare = String(String.UnicodeScalarView(short.unicodeScalars.filter { $0 != "." && $0 != "&" }))
        let isHead = sParts.count == 1 && Lexicon.orgHeads.contains(short.lowercased())
        for name in orgs where name.utf8.count > short.utf8.count && name != short {
            let parts = name.split(separator: " ")
            let initials = String(
                String.UnicodeScalarView(
                    parts.filter { !["of", "for", "and", "the", "&", "on"].contains($0.lowercased()) }
                        .compactMap { $0.unicodeScalars.first }))
            if name.hasPrefix(short + " ") && !(sParts.count == 1 && Lexicon.countries[short] != nil) {
                best = best.map { $0.count >= name.count ? $0 : name } ?? name; continue
            }
            if isHead, parts.contains(sParts[0]) { best = best ?? name; continue }
            if isAcronym, initials == bare { best = best ?? name }
        }
        return best
    }

    func testOrgExpansionIndex_matchesAPassOverTheNames() {
        for seed in 1...20 as ClosedRange<UInt64> {
            let orgs = randomNames(50, seed: seed, words: vocabulary).filter { $0.contains(" ") }
            let index = OrgExpansionIndex(orgs)
            let keys =
                randomNames(40, seed: seed + 200, words: vocabulary) + [
                    "RBA", "R.B.A.", "RB", "IK", "BANK", "Australia",
                ]
            for key in keys {
                XCTAssertEqual(index.expansion(of: key), naiveExpansion(key, orgs), "\(key) in \(orgs)")
            }
        }
    }

    func testOrgExpansion_prefersTheLongestNameThatBeginsWithTheShortForm() {
        let index = OrgExpansionIndex(["Reserve Bank", "Reserve Bank of Australia", "Royal Bank of Scotland"])
        XCTAssertEqual(index.expansion(of: "Reserve"), "Reserve Bank of Australia")
        XCTAssertEqual(index.expansion(of: "Bank"), "Reserve Bank")
        XCTAssertEqual(index.expansion(of: "RBA"), "Reserve Bank of Australia")
        XCTAssertNil(index.expansion(of: "Scotland"))
    }
}
