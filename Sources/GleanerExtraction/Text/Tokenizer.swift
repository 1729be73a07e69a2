/// Splits text into tokens, working on Unicode scalars (no `Character` work), then into
/// sentences (`SentenceSplitter`).
///
/// Keeps abbreviations (`Mr.`, `Feb.`), dotted initialisms (`U.S.`, `U.N.`), decimals (`1.5`),
/// hyphenated words and internal apostrophes in one token; splits a possessive `'s` off. A run
/// of letters and digits longer than `ExtractionLimits.maxTokenScalars` is cut into tokens of
/// that length. A blank line or a line break starts a new paragraph.
enum Tokenizer {
    static func tokenize(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var i = 0
        var paragraph = 0
        var sawText = false
        var lookups = FlagLookups()
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                if sawText { paragraph += 1; sawText = false }
                i += 1; continue
            }
            if CharacterClass.isSpace(c) { i += 1; continue }
            sawText = true
            guard CharacterClass.isLetter(c) || CharacterClass.isDigit(c) else {
                tokens.append(makeToken(s, i, i + 1, .punct, paragraph: paragraph))
                i += 1; continue
            }
            let (end, hasLetter) = wordEnd(s, from: i)
            tokens.append(makeToken(s, i, end, hasLetter ? .word : .number, paragraph: paragraph))
            if hasLetter { lookups.add(tokens.count - 1, of: tokens, s) }
            i = end
            if isPossessive(s, at: i) {
                tokens.append(makeToken(s, i, i + 2, .punct, paragraph: paragraph))
                i += 2
            }
        }
        lookups.apply(to: &tokens)
        SentenceSplitter.assign(&tokens)
        return tokens
    }

    /// Where the word or number starting at `a` ends, and whether it has a letter.
    static func wordEnd(_ s: [Unicode.Scalar], from a: Int) -> (end: Int, hasLetter: Bool) {
        let n = s.count
        var i = a
        var hasLetter = false
        while i < n {
            // a longer run is cut into tokens of this length: per-token work stays bounded
            if i - a == ExtractionLimits.maxTokenScalars { break }
            let d = s[i]
            if CharacterClass.isLetter(d) || CharacterClass.isDigit(d) || CharacterClass.isNonspacingMark(d) {
                if CharacterClass.isLetter(d) { hasLetter = true }
                i += 1; continue
            }
            let next: Unicode.Scalar? = i + 1 < n ? s[i + 1] : nil
            // "state-of-the-art", "AT&T"
            if d == "-" || d == "&", let nx = next, CharacterClass.isLetter(nx)
                || CharacterClass.isDigit(nx) { i += 1; continue }
            if CharacterClass.isApostrophe(d), let nx = next, CharacterClass.isLetter(nx) {
                // a possessive 's / ’s before a non-letter is split off; "don't" stays whole
                if isPossessive(s, at: i) { break }
                i += 1; continue
            }
            // "1.5", "1,000"
            if d == "." || d == ",", let nx = next, CharacterClass.isDigit(nx), i > a,
                CharacterClass.isDigit(s[i - 1]) { i += 1; continue }
            if d == "." {
                switch fullStop(s, at: i, wordStart: a) {
                case .continues: i += 1; continue
                case .endsWord: i += 1
                case .notPart: break
                }
            }
            break
        }
        return (i, hasLetter)
    }

    /// What a full stop inside a word does.
    enum FullStop { case continues, endsWord, notPart }

    /// "U.S." and "e.g." continue through their stops; an initial ("George W."), the last stop of
    /// an initialism and an abbreviation ("Mr.", "Feb.") keep their stop and end; otherwise the
    /// stop is punctuation.
    static func fullStop(_ s: [Unicode.Scalar], at i: Int, wordStart a: Int) -> FullStop {
        let len = i - a
        if len == 1 && CharacterClass.isLetter(s[a]), i + 2 < s.count, CharacterClass.isLetter(s[i + 1]),
            s[i + 2] == "." {
            return .continues
        }
        if len == 1 && CharacterClass.isLetter(s[a]) && CharacterClass.isUpper(s[a]) { return .endsWord }
        if i >= 2 && s[i - 2] == "." { return .endsWord }
        // an ASCII word is lowercased as it is encoded (no second string)
        let word = s[a..<i].allSatisfy { $0.isASCII } ? ScalarText.encode(s, a, i, lowercaseASCII: true)
            : ScalarText.lowercased(ScalarText.string(s, a, i))
        if Lexicon.abbreviations.contains(word) { return .endsWord }
        return .notPart
    }

    /// An apostrophe at `i` followed by "s" and no further letter: "Britain's", "Pakistan’s".
    static func isPossessive(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        i + 1 < s.count && CharacterClass.isApostrophe(s[i]) && (s[i + 1] == "s" || s[i + 1] == "S")
            && (i + 2 >= s.count || !CharacterClass.isLetter(s[i + 2]))
    }

    /// A token with its shape flags (its lexicon memberships come later: `FlagLookups`).
    static func makeToken(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, _ kind: Token.Kind, paragraph: Int) -> Token {
        var letters = 0, upper = 0, ascii = true
        for k in a..<b {
            if s[k].value >= 0x80 { ascii = false }
            if CharacterClass.isLetter(s[k]) { letters += 1; if CharacterClass.isUpper(s[k]) { upper += 1 } }
        }
        let text = ScalarText.encode(s, a, b, lowercaseASCII: false)
        let lower = upper == 0 ? text : ascii ? ScalarText.encode(s, a, b, lowercaseASCII: true) : text.lowercased()
        return Token(start: a, end: b, text: text, kind: kind, isCap: CharacterClass.isUpper(s[a]),
                     isAllCaps: letters >= 2 && upper == letters, paragraph: paragraph, lower: lower)
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
}

/// The lexicon lookups of an article's words, gathered while tokenizing and made in two batches
/// (`WordTable.values(ofKeys:)`), which overlap the tables' cache misses. A word's lowercase form
/// is looked up in `Lexicon.lowerFlags`; a capitalised word as written also in `exactFlags`
/// (every name in the exact-case lists starts with a capital).
struct FlagLookups {
    private var lower: [(token: Int, key: WordKey)] = []
    private var exact: [(token: Int, key: WordKey)] = []
    /// Words with a form past 16 bytes, looked up one by one.
    private var long: [Int] = []

    /// Queues the lookups of word token `tokens[i]` of text `s`.
    mutating func add(_ i: Int, of tokens: [Token], _ s: [Unicode.Scalar]) {
        let ascii = Self.asciiKeys(s, tokens[i].start, tokens[i].end)
        let lowerKey = ascii?.lower ?? WordKey(tokens[i].lower)
        let exactKey = tokens[i].isCap ? ascii?.exact ?? WordKey(tokens[i].text) : nil
        guard lowerKey.isComplete && exactKey?.isComplete != false else { return long.append(i) }
        lower.append((i, lowerKey))
        if let exactKey { exact.append((i, exactKey)) }
    }

    /// Sets each queued token's flags.
    func apply(to tokens: inout [Token]) {
        let lowerFlags = Lexicon.lowerFlags.values(ofKeys: lower.map(\.key))
        for (k, q) in lower.enumerated() { tokens[q.token].flags = lowerFlags[k] ?? [] }
        let exactFlags = Lexicon.exactFlags.values(ofKeys: exact.map(\.key))
        for (k, q) in exact.enumerated() { if let f = exactFlags[k] { tokens[q.token].flags.formUnion(f) } }
        for i in long {
            tokens[i].flags = Lexicon.lowerFlags[tokens[i].lower] ?? []
            if tokens[i].isCap, let f = Lexicon.exactFlags[tokens[i].text] { tokens[i].flags.formUnion(f) }
        }
    }

    /// The keys of `s[a..<b]` as written and with ASCII capitals lowercased (as `Token.lower`),
    /// made from the scalars without a string, when the word is ASCII and 16 bytes at most.
    static func asciiKeys(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> (exact: WordKey, lower: WordKey)? {
        let n = b - a
        guard n <= 16 else { return nil }
        var exactHead: UInt64 = 0, exactTail: UInt64 = 0, lowerHead: UInt64 = 0, lowerTail: UInt64 = 0
        for k in 0..<n {
            let v = s[a + k].value
            guard v < 0x80 else { return nil }
            let byte = UInt64(v) << UInt64(8 * (k & 7))
            let lowered = UInt64(v >= 65 && v <= 90 ? v + 32 : v) << UInt64(8 * (k & 7))
            if k < 8 { exactHead |= byte; lowerHead |= lowered } else { exactTail |= byte; lowerTail |= lowered }
        }
        return (WordKey(head: exactHead, tail: exactTail, length: n),
                WordKey(head: lowerHead, tail: lowerTail, length: n))
    }
}
