/// A token of article text: a span of Unicode scalars with cheap shape flags.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case word, number, punct }
    var start: Int
    var end: Int
    var text: String
    var kind: Kind
    /// First scalar is an uppercase letter.
    var isCap: Bool
    /// Every letter is uppercase and there are at least two letters.
    var isAllCaps: Bool
    var paragraph: Int
    var sentence: Int = 0
    /// Lowercased text (ASCII fast path).
    var lower: String
    /// True for the first word-like token of its sentence (after opening quotes/brackets).
    var sentenceInitial: Bool = false
    /// Lexicon memberships of `lower` and `text`.
    var flags: Lexicon.Flag = []
    func has(_ f: Lexicon.Flag) -> Bool { flags.contains(f) }
}

/// Splits text into tokens and sentences, working on Unicode scalars (no `Character` work).
///
/// Keeps abbreviations (`Mr.`, `Feb.`), dotted initialisms (`U.S.`, `U.N.`), decimals (`1.5`),
/// hyphenated words and internal apostrophes in one token; splits a possessive `'s` off.
struct Tokenizer {
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 128 { return (s.value | 0x20) >= 97 && (s.value | 0x20) <= 122 }
        return s.properties.isAlphabetic
    }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    static func isUpper(_ s: Unicode.Scalar) -> Bool {
        if s.value < 128 { return s.value >= 65 && s.value <= 90 }
        return s.properties.isUppercase
    }
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\n" || s == "\t" || s == "\r" || (s.value >= 128 && s.properties.isWhitespace)
    }
    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    /// UTF-8 encodes `s[a..<b]` straight into the new string's storage.
    static func string(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        encode(s, max(0, a), min(b, s.count), lowercaseASCII: false)
    }

    /// Number of UTF-8 bytes of one scalar.
    @inline(__always)
    static func utf8Length(_ v: UInt32) -> Int { v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4 }

    /// UTF-8 of `s[lo..<hi]`, optionally with ASCII letters lowercased.
    static func encode(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int, lowercaseASCII: Bool) -> String {
        guard lo < hi else { return "" }
        return s.withUnsafeBufferPointer { buf in
            var count = 0
            for k in lo..<hi { count += utf8Length(buf[k].value) }
            return String(unsafeUninitializedCapacity: count) { out in
                var i = 0
                for k in lo..<hi {
                    let v = buf[k].value
                    if v < 0x80 {
                        out[i] = lowercaseASCII && v >= 65 && v <= 90 ? UInt8(v + 32) : UInt8(v); i += 1
                    } else if v < 0x800 {
                        out[i] = UInt8(0xC0 | (v >> 6)); out[i + 1] = UInt8(0x80 | (v & 0x3F)); i += 2
                    } else if v < 0x10000 {
                        out[i] = UInt8(0xE0 | (v >> 12)); out[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                        out[i + 2] = UInt8(0x80 | (v & 0x3F)); i += 3
                    } else {
                        out[i] = UInt8(0xF0 | (v >> 18)); out[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                        out[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[i + 3] = UInt8(0x80 | (v & 0x3F)); i += 4
                    }
                }
                return i
            }
        }
    }

    static func lowercased(_ s: String) -> String {
        var ascii = true
        for u in s.utf8 where u >= 128 { ascii = false; break }
        if !ascii { return s.lowercased() }
        var bytes = Array(s.utf8)
        var changed = false
        for i in bytes.indices where bytes[i] >= 65 && bytes[i] <= 90 { bytes[i] += 32; changed = true }
        return changed ? String(decoding: bytes, as: UTF8.self) : s
    }

    static func tokenize(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var i = 0
        let n = s.count
        var paragraph = 0
        var sawText = false
        func make(_ a: Int, _ b: Int, _ kind: Token.Kind) -> Token {
            var letters = 0, upper = 0, ascii = true
            for k in a..<b {
                let v = s[k].value
                if v >= 0x80 { ascii = false }
                if isLetter(s[k]) { letters += 1; if isUpper(s[k]) { upper += 1 } }
            }
            let text = encode(s, a, b, lowercaseASCII: false)
            let lower = upper == 0 ? text : ascii ? encode(s, a, b, lowercaseASCII: true) : text.lowercased()
            let cap = isUpper(s[a])
            var tok = Token(start: a, end: b, text: text, kind: kind, isCap: cap,
                            isAllCaps: letters >= 2 && upper == letters, paragraph: paragraph, lower: lower)
            if kind == .word {
                // Every name in the exact-case lists starts with a capital: skip that lookup otherwise.
                tok.flags = Lexicon.lowerFlags[lower] ?? []
                if cap, let exact = Lexicon.exactFlags[text] { tok.flags.formUnion(exact) }
            }
            return tok
        }
        while i < n {
            let c = s[i]
            if c == "\n" {
                if sawText { paragraph += 1; sawText = false }
                i += 1; continue
            }
            if isSpace(c) { i += 1; continue }
            sawText = true
            if isLetter(c) || isDigit(c) {
                let a = i
                var hasLetter = false
                while i < n {
                    // a longer run is cut into tokens of this length: per-token work stays bounded
                    if i - a == ExtractionLimits.maxTokenScalars { break }
                    let d = s[i]
                    if isLetter(d) || isDigit(d) || (d.value >= 0x300 && d.properties.generalCategory == .nonspacingMark) {
                        if isLetter(d) { hasLetter = true }
                        i += 1; continue
                    }
                    let next: Unicode.Scalar? = i + 1 < n ? s[i + 1] : nil
                    if (d == "-" || d == "&") , let nx = next, isLetter(nx) || isDigit(nx) { i += 1; continue }
                    if isApostrophe(d), let nx = next, isLetter(nx) {
                        // possessive 's / ’s followed by a non-letter: split it off
                        if (nx == "s" || nx == "S") && (i + 2 >= n || !isLetter(s[i + 2])) { break }
                        i += 1; continue
                    }
                    if (d == "." || d == ",") , let nx = next, isDigit(nx), i > a, isDigit(s[i - 1]) { i += 1; continue }
                    if d == "." {
                        // dotted initialism: U.S., U.N., e.g.
                        let len = i - a
                        if len == 1 && isLetter(s[a]), let nx = next, isLetter(nx), i + 2 < n, s[i + 2] == "." {
                            i += 1; continue
                        }
                        if len == 1 && isLetter(s[a]) && isUpper(s[a]) { i += 1; break }  // initial: "George W."
                        if i >= 2 && s[i - 2] == "." { i += 1; break }  // last dot of U.S.
                        let word = lowercased(string(s, a, i))
                        if Lexicon.abbreviations.contains(word) { i += 1; break }
                    }
                    break
                }
                let kind: Token.Kind = hasLetter ? .word : .number
                tokens.append(make(a, i, kind))
                // possessive
                if i + 1 < n, isApostrophe(s[i]), s[i + 1] == "s" || s[i + 1] == "S", i + 2 >= n || !isLetter(s[i + 2]) {
                    tokens.append(make(i, i + 2, .punct))
                    i += 2
                }
                continue
            }
            tokens.append(make(i, i + 1, .punct))
            i += 1
        }
        assignSentences(&tokens)
        return tokens
    }

    /// Index of the first token that starts at or after `offset` (binary search; tokens are in
    /// text order), `tokens.count` when there is none.
    static func firstToken(startingAtOrAfter offset: Int, in tokens: [Token]) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].start < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func isOpeningPunct(_ t: Token) -> Bool {
        t.kind == .punct && (t.text == "\"" || t.text == "\u{201C}" || t.text == "(" || t.text == "'" || t.text == "\u{2018}" || t.text == "[")
    }

    /// Marks sentence indices and sentence-initial tokens.
    static func assignSentences(_ tokens: inout [Token]) {
        var sentence = 0
        var atStart = true
        for k in tokens.indices {
            if k > 0 && tokens[k].paragraph != tokens[k - 1].paragraph { sentence += 1; atStart = true }
            else if k > 0 && endsSentence(tokens, k - 1) { sentence += 1; atStart = true }
            tokens[k].sentence = sentence
            if atStart && tokens[k].kind != .punct { tokens[k].sentenceInitial = true; atStart = false }
            else if atStart && !isOpeningPunct(tokens[k]) && tokens[k].text != "-" { atStart = false }
        }
    }

    /// Whether a sentence ends after token k (looking at what follows).
    static func endsSentence(_ t: [Token], _ k: Int) -> Bool {
        let tok = t[k]
        var j = k + 1
        guard j < t.count else { return false }
        let last = tok.text.unicodeScalars.last!
        var terminal = false
        if tok.kind == .punct && (tok.text == "." || tok.text == "!" || tok.text == "?") { terminal = true }
        else if tok.kind == .punct && (tok.text == "\u{201D}" || tok.text == ")" || (tok.text == "\"" && k > 0 && t[k - 1].end == tok.start)), k > 0,
                ["." as String, "!", "?", ","].contains(t[k - 1].text) || t[k - 1].text.hasSuffix(".") {
            // closing mark after terminal punctuation: end only if the next token starts a sentence
            if t[k - 1].text == "," { return false }
            terminal = true
        } else if last == "." && tok.kind != .punct {
            // abbreviation or initialism carrying the period
            if Lexicon.titleAbbreviations.contains(String(tok.lower.dropLast())) { return false }
            let next = t[j]
            if next.isCap && Lexicon.functionWords.contains(next.lower) && !next.isAllCaps && tok.text.count > 2 {
                return true
            }
            return false
        }
        guard terminal else { return false }
        // skip closing marks that belong to this sentence
        while j < t.count && t[j].kind == .punct && (t[j].text == "\u{201D}" || t[j].text == ")") { j += 1 }
        guard j < t.count else { return false }
        if j > k + 1 { return false }  // the closing mark itself ends the sentence (handled on it)
        let next = t[j]
        if next.isCap || next.kind == .number { return true }
        if next.kind == .punct && (next.text == "\"" || next.text == "\u{201C}" || next.text == "(" || next.text == "'" || next.text == "\u{2018}") { return true }
        return false
    }
}
