/// Which capitalised words can be part of a name. A capitalised word is, unless it is:
/// "I" or a contraction of a function word ("We've"); a common noun written as an abbreviation
/// ("CEO", "MPs", a plural of capitals); a function word or roman numeral in capitals
/// ("UNLESS", "XVII"); a caption label before a colon ("Image:"); a hyphenated word ending in a
/// lowercase common word ("Labour-run"); one capital letter not followed by a capitalised word;
/// a weekday (unless after a given name: "Mike Friday"); a month (but "May" before a number);
/// a negative contraction ("Isn't", "Don't": `cut.negative-contraction`); an interjection,
/// hesitation, greeting or sign-off ("Mhm", "Hi", "Thanks": `cut.discourse-word`); a verb opening
/// an instruction ("Describe Einstein's view": `cut.instruction-verb`).
enum CandidateWords {
    static func canBePartOfName(_ k: Int, in tokens: [Token]) -> Bool {
        let t = tokens[k]
        guard t.kind == .word, t.isCap else { return false }
        // the contraction tests below need an apostrophe, which most words lack: one byte scan spares them
        let apostrophe = mayHoldApostrophe(t.text)
        if t.lower == "i" || apostrophe && (t.lower.hasPrefix("i'") || t.lower.hasPrefix("i\u{2019}")) { return false }
        if Lexicon.nonNames.contains(t.text) { return false }
        if apostrophe && isNegativeContraction(t) && !isInsideTitleCaseRun(k, in: tokens) { return false }
        // "Mhm.", "Hi Sara", "Thanks Kam": speech and e-mail words, not names ("THANKS" in capitals is left
        // to the shouted-word rule)
        if !t.isAllCaps, Lexicon.discourseWords.contains(t.lower) { return false }
        if isInstructionVerb(t) { return false }
        // "UNLESS", "XVII", but not "US"
        if t.isAllCaps, t.has(.functionWords) || isRomanNumeral(t.text), Lexicon.countries[t.text] == nil,
           Lexicon.knownOrgs[t.text] == nil { return false }
        if k + 1 < tokens.count, tokens[k + 1].text == ":", Lexicon.captionLabels.contains(t.lower) { return false }
        if isPluralAbbreviation(t) || endsInCommonWord(t) { return false }
        if t.end - t.start == 1 && !(k + 1 < tokens.count && tokens[k + 1].isCap
            && tokens[k + 1].kind == .word) { return false }
        // weekdays and months (with or without a full stop) are date words: most tokens skip both lookups
        if t.has(.dateWords), Lexicon.weekdays[t.lower] != nil,
           !(k > 0 && tokens[k - 1].has(.givenNames) && tokens[k - 1].isCap
               && tokens[k - 1].end + 1 == t.start) { return false }
        if apostrophe && isFunctionWordContraction(t) { return false }
        if t.has(.dateWords), Lexicon.months[t.lower.hasSuffix(".") ? String(t.lower.dropLast()) : t.lower] != nil,
           t.lower != "may" || (k + 1 < tokens.count && tokens[k + 1].kind == .number) { return false }
        return true
    }

    /// False when `text` surely holds no apostrophe (`CharacterClass.isApostrophe`): no "'" byte and no
    /// 0xE2, the first byte of "\u{2019}" in UTF-8 (true for other scalars starting with it too).
    static func mayHoldApostrophe(_ text: String) -> Bool { text.utf8.contains { $0 == 0x27 || $0 == 0xE2 } }

    /// "XVII", "IV" (not "CC", "CLI").
    static func isRomanNumeral(_ s: String) -> Bool {
        s.utf8.count >= 2 && s.utf8.allSatisfy { [73, 86, 88, 76, 67].contains($0) } && s != "CC" && s != "CLI"
    }

    /// "MPs", "WMDs", "NGOs": plurals of abbreviations are common nouns.
    static func isPluralAbbreviation(_ t: Token) -> Bool {
        t.end - t.start >= 3 && t.text.hasSuffix("s")
            && t.text.unicodeScalars.dropLast().allSatisfy(CharacterClass.isUpper)
    }

    /// "Labour-run", "Tory-controlled": a hyphenated word whose last part is a lowercase common word.
    static func endsInCommonWord(_ t: Token) -> Bool {
        guard t.text.utf8.contains(45), let lastPart = t.text.split(separator: "-").last,
              let f = lastPart.unicodeScalars.first else { return false }
        return !CharacterClass.isUpper(f) && !CharacterClass.isDigit(f) && lastPart.unicodeScalars.count >= 3
            && Lexicon.commonWords.contains(String(lastPart))
    }

    /// "Isn't", "Don't", "Don'ts": a word with a negative contraction is a verb, never part of a name.
    static func isNegativeContraction(_ t: Token) -> Bool {
        let scalars = Array(t.text.unicodeScalars)
        guard scalars.count >= 4 else { return false }
        for i in 1..<(scalars.count - 1) where CharacterClass.isApostrophe(scalars[i]) {
            if (scalars[i - 1] == "n" || scalars[i - 1] == "N") && (scalars[i + 1] == "t" || scalars[i + 1] == "T") {
                return true
            }
        }
        return false
    }

    /// Whether the word sits inside a run of capitalised words, as in a work's title in title case:
    /// a capitalised word follows it and another precedes it or follows that one ("Boys Don't Cry",
    /// "Don't Forget Your Toothbrush"; not "Don't Steven," nor "Isn't that").
    static func isInsideTitleCaseRun(_ k: Int, in tokens: [Token]) -> Bool {
        func capitalisedWord(_ j: Int) -> Bool {
            j >= 0 && j < tokens.count && tokens[j].kind == .word && tokens[j].isCap
        }
        return capitalisedWord(k + 1) && (capitalisedWord(k - 1) || capitalisedWord(k + 2))
    }

    /// "We've", "They'd".
    static func isFunctionWordContraction(_ t: Token) -> Bool {
        let scalars = t.text.unicodeScalars
        guard let apostrophe = scalars.firstIndex(where: CharacterClass.isApostrophe) else { return false }
        return Lexicon.functionWords.contains(ScalarText.lowercased(String(t.text.unicodeScalars[..<apostrophe])))
    }
}
