/// Numbers the sentences of a token list and marks each sentence's first word.
///
/// A sentence ends at a line break, or after ".", "!" or "?" (or a closing quote or bracket
/// right after one) when the next token starts with a capital, a digit or an opening mark. It
/// does not end after a title abbreviation ("Dr. Smith") or an initial; after an initialism
/// ("U.S.") it ends only before a capitalised function word ("… the U.S. The President …").
enum SentenceSplitter {
    /// Sets `sentence` and `sentenceInitial` on every token.
    static func assign(_ tokens: inout [Token]) {
        var sentence = 0
        var atStart = true
        for k in tokens.indices {
            if k > 0 && tokens[k].paragraph != tokens[k - 1].paragraph { sentence += 1; atStart = true }
            else if k > 0 && endsSentence(tokens, after: k - 1) { sentence += 1; atStart = true }
            tokens[k].sentence = sentence
            if atStart && tokens[k].kind != .punct { tokens[k].sentenceInitial = true; atStart = false }
            else if atStart && !isOpeningMark(tokens[k]) && tokens[k].text != "-" { atStart = false }
        }
    }

    /// An opening quotation mark or bracket.
    static func isOpeningMark(_ t: Token) -> Bool {
        t.kind == .punct && (t.text == "\"" || t.text == "\u{201C}" || t.text == "(" || t.text == "'"
            || t.text == "\u{2018}" || t.text == "[")
    }

    /// Whether a sentence ends after token k (looking at what follows).
    static func endsSentence(_ t: [Token], after k: Int) -> Bool {
        let tok = t[k]
        guard k + 1 < t.count else { return false }
        if tok.kind == .punct && (tok.text == "." || tok.text == "!" || tok.text == "?") {
            return nextStartsSentence(t, after: k)
        }
        if tok.kind == .punct, isClosingMark(t, k), k > 0, endsInTerminal(t[k - 1]) {
            // a closing mark after terminal punctuation: the sentence ends if the next token starts one
            if t[k - 1].text == "," { return false }
            return nextStartsSentence(t, after: k)
        }
        if tok.kind != .punct, tok.text.unicodeScalars.last == "." {
            // an abbreviation or initialism carrying the period
            if Lexicon.titleAbbreviations.contains(String(tok.lower.dropLast())) { return false }
            let next = t[k + 1]
            return next.isCap && next.has(.functionWords) && !next.isAllCaps && tok.text.count > 2
        }
        return false
    }

    /// "”", ")" or a straight quote right after a word: marks that close what came before.
    private static func isClosingMark(_ t: [Token], _ k: Int) -> Bool {
        t[k].text == "\u{201D}" || t[k].text == ")" || (t[k].text == "\"" && k > 0 && t[k - 1].end == t[k].start)
    }

    private static func endsInTerminal(_ t: Token) -> Bool {
        t.text == "." || t.text == "!" || t.text == "?" || t.text == "," || t.text.hasSuffix(".")
    }

    /// Whether the token after terminal punctuation at k starts a sentence: a capital, a digit
    /// or an opening mark; a closing mark in between keeps the sentence going (it is judged itself).
    private static func nextStartsSentence(_ t: [Token], after k: Int) -> Bool {
        let next = t[k + 1]
        if next.kind == .punct && (next.text == "\u{201D}" || next.text == ")") { return false }
        if next.isCap || next.kind == .number { return true }
        return next.kind == .punct && (next.text == "\"" || next.text == "\u{201C}" || next.text == "("
            || next.text == "'"
            || next.text == "\u{2018}")
    }
}
