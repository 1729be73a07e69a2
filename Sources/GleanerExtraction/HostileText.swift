/// Text built to provoke super-linear work in the extractor: one endless word, a megabyte of
/// quote marks, capitalised words, names, short lines, brackets or punctuation. Generated on the
/// fly (deterministically), so nothing large is stored in the repository. Used by
/// `gleaner bench hostile` and, at a few kilobytes, by the unit tests.
public enum HostileText {
    public struct Case: Sendable {
        /// Short identifier, e.g. "one-token".
        public let name: String
        /// What the text is, for the benchmark table.
        public let summary: String
        let unit: @Sendable (inout SplitMix64) -> String

        /// The case's text: its unit repeated up to `bytes` UTF-8 bytes (never more).
        public func text(bytes: Int) -> [UInt8] {
            var rng = SplitMix64(seed: 0x6C65_616E_6572)
            var out: [UInt8] = []
            out.reserveCapacity(bytes)
            while out.count < bytes {
                let piece = Array(unit(&rng).utf8)
                guard out.count + piece.count <= bytes else {
                    // pad with spaces rather than cut a multi-byte scalar
                    out.append(contentsOf: [UInt8](repeating: 0x20, count: bytes - out.count))
                    break
                }
                out.append(contentsOf: piece)
            }
            return out
        }
    }

    public static let cases: [Case] = [
        Case(name: "one-token", summary: "one word of lowercase letters") { _ in "a" },
        Case(name: "one-capitalised-token", summary: "one word of capital letters") { _ in "A" },
        Case(name: "one-number", summary: "one number") { _ in "7" },
        Case(name: "hyphenated-token", summary: "one hyphenated word (a-a-a-…)") { _ in "a-" },
        Case(name: "straight-quotes", summary: "straight quote marks") { _ in "\"" },
        Case(name: "curly-quotes", summary: "opening curly quote marks") { _ in "\u{201C}" },
        Case(name: "empty-quotes", summary: "empty quotations (\"\" \"\" …)") { _ in "\"\" " },
        Case(name: "quoted-words", summary: "unclosed quotations (\"a \"a …)") { _ in "\"a " },
        Case(name: "capitalised-words", summary: "distinct capitalised words, no punctuation") { rng in
            randomWord(&rng, capitalised: true) + " "
        },
        Case(name: "same-capitalised-word", summary: "one capitalised word repeated") { _ in "Abc " },
        Case(name: "all-caps-words", summary: "all-caps words") { rng in randomWord(&rng,
            capitalised: true).uppercased() + " " },
        Case(name: "initials", summary: "initials (A.B.C.…)") { _ in "A." },
        Case(name: "of-chain", summary: "Bank of Bank of …") { _ in "Bank of " },
        Case(name: "and-list", summary: "a list of names joined by commas and \"and\"") { rng in
            randomWord(&rng, capitalised: true) + ", " + randomWord(&rng, capitalised: true) + " and "
        },
        Case(name: "short-lines", summary: "one-letter lines") { _ in "a\n" },
        Case(name: "short-capitalised-lines", summary: "one-word capitalised lines") { _ in "Abc\n" },
        Case(name: "brackets", summary: "opening brackets") { _ in "(" },
        Case(name: "nested-brackets", summary: "nested brackets around words") { _ in "( a " },
        Case(name: "exclamation-marks", summary: "exclamation marks") { _ in "!" },
        Case(name: "full-stops", summary: "full stops") { _ in "." },
        Case(name: "commas", summary: "commas and spaces") { _ in ", " },
        Case(name: "repeated-name", summary: "one name repeated (John Smith said.)") { _ in "John Smith said. " },
        Case(name: "distinct-names", summary: "distinct two-word names, each saying something") { rng in
            givenNames[Int(rng.next() % UInt64(givenNames.count))] + " " + randomWord(&rng,
                capitalised: true) + " said. "
        },
        Case(name: "distinct-organisations", summary: "distinct organisations and their short forms") { rng in
            let w = randomWord(&rng, capitalised: true)
            let place = randomWord(&rng, capitalised: true)
            return "The \(w) Bank of \(place) said the \(w) Bank and \(w.prefix(3).uppercased()) agreed. "
        },
        Case(name: "quoted-speakers", summary: "quotations with named speakers in one paragraph") { _ in
            "\"Yes,\" said John Smith. "
        },
        Case(name: "pronoun-quotes", summary: "quotations attributed by pronouns, no fitting name") { _ in
            "Mary Jones met Sarah Lee. \"No,\" he said. "
        },
        Case(name: "role-quotes", summary: "quotations attributed to role nouns") { rng in
            "Minister \(randomWord(&rng, capitalised: true)) spoke. \"Fine,\" the spokesman said. "
        },
        Case(name: "dates", summary: "date expressions") { _ in "on Monday last week in March 2004 " },
    ]

    static let givenNames = ["John", "Mary", "David", "Sarah", "Peter", "Anna", "James", "Laura"]

    /// A pronounceable made-up word of five letters ("Kelos").
    static func randomWord(_ rng: inout SplitMix64, capitalised: Bool) -> String {
        let consonants = Array("bcdfghklmnprstv".unicodeScalars), vowels = Array("aeiou".unicodeScalars)
        var scalars = String.UnicodeScalarView()
        for k in 0..<5 {
            let pool = k % 2 == 0 ? consonants : vowels
            scalars.append(pool[Int(rng.next() % UInt64(pool.count))])
        }
        let word = String(scalars)
        return capitalised ? word.prefix(1).uppercased() + word.dropFirst() : word
    }
}
