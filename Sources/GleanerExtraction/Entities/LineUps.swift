/// Team line-ups and other lists of initials and surnames ("C Paterson; S Danielli, A Craig, T Smith"),
/// the labels that introduce such lists ("Subs Not Used: White, McIntosh, Wood") and the header lines of
/// tables ("W L PCT GB"), which are no names. In a line-up an
/// item's neighbours show what it is: a letter before a surname that is also a common word (`T Smith`,
/// `D Parks`) or a word heading places (`C Hall`), or the letter `A` itself (`A Craig`), is one more
/// initial and surname.
extension ArticleContext {
    /// Tokens in brackets skipped after or before a line-up item ("G Bulloch (capt), G Kerr").
    static let lineUpBracketTokens = 4
    /// Numbers skipped after a line-up item: a scorecard's runs or figures ("W. Athey 111, V. Drakes
    /// 52; I. Austin 4-37").
    static let lineUpScoreTokens = 2

    /// Whether tokens `k` and `k + 1` read as an initial and a name: a lone capital letter (or
    /// initials with full stops, "K.C.") then, after one space in the same paragraph, a capitalised
    /// word not in capitals. The letter must not be glued to the token before it ("PCG-X505/P Vaio").
    func isInitialAndName(at k: Int) -> Bool {
        guard k >= 0, k + 1 < tokens.count else { return false }
        let letter = tokens[k], name = tokens[k + 1]
        guard letter.kind == .word, letter.isCap, name.kind == .word, name.isCap, !name.isAllCaps,
              name.end - name.start > 1, name.start == letter.end + 1, name.paragraph == letter.paragraph,
              letter.end - letter.start == 1 || Typer.isInitials(letter.text) else { return false }
        return !isGluedToPreviousToken(k)
    }

    /// Whether `a...b` is an initial and a name listed next to another initial and name: the item
    /// before or after it, across a comma, a semicolon or "and" (and a bracket, "(capt)", or a
    /// score, "52"), has the same shape ("S Bruno, N Mas; F Pelous", "V. Drakes 52; I. Austin
    /// 4-37"). One such item in prose is an initial too, but then its surname alone says so; the
    /// neighbour is what vouches for a surname that is also a common word.
    func isLineUpItem(_ a: Int, _ b: Int) -> Bool {
        guard b == a + 1, isInitialAndName(at: a) else { return false }
        return isLineUpItemBefore(a) || isLineUpItemAfter(b)
    }

    private func isLineUpSeparator(_ k: Int) -> Bool {
        tokens[k].text == "," || tokens[k].text == ";" || tokens[k].lower == "and"
    }

    private func isLineUpItemBefore(_ a: Int) -> Bool {
        var k = a - 1
        guard k >= 2, isLineUpSeparator(k) else { return false }
        k -= 1
        var scores = 0
        while k > 0, tokens[k].kind == .number, scores < Self.lineUpScoreTokens { k -= 1; scores += 1 }
        if tokens[k].text == ")" {
            let stop = max(0, k - Self.lineUpBracketTokens - 1)
            while k > stop && tokens[k].text != "(" { k -= 1 }
            guard tokens[k].text == "(" else { return false }
            k -= 1
        }
        return k >= 1 && isInitialAndName(at: k - 1)
    }

    private func isLineUpItemAfter(_ b: Int) -> Bool {
        var k = b + 1
        guard k < tokens.count else { return false }
        if tokens[k].text == "(" {
            let stop = min(tokens.count - 1, k + Self.lineUpBracketTokens + 1)
            while k < stop && tokens[k].text != ")" { k += 1 }
            guard tokens[k].text == ")" else { return false }
            k += 1
        }
        var scores = 0
        while k < tokens.count, tokens[k].kind == .number, scores < Self.lineUpScoreTokens { k += 1; scores += 1 }
        guard k + 2 < tokens.count, isLineUpSeparator(k) else { return false }
        return isInitialAndName(at: k + 1)
    }

    /// Whether `a...b` is a label made of ordinary words that opens its sentence and introduces a list
    /// after a colon ("Subs Not Used: White, McIntosh, Wood"): every word is a common or a grammatical
    /// word, one after the first is grammatical ("Not"), and the rest of the sentence is a list of
    /// capitalised names (`isNameList`). A team before its line-up has no grammatical word ("Man City:
    /// James, Mills, …"), and a work before a colon is followed by its subtitle, not a list
    /// ("Grand Theft Auto: San Andreas").
    func isListLabel(_ a: Int, _ b: Int) -> Bool {
        guard b > a, b + 2 < tokens.count, tokens[b + 1].text == ":", tokens[a].sentenceInitial,
              tokens[b + 2].paragraph == tokens[b].paragraph,
              (a...b).allSatisfy({ tokens[$0].kind == .word && !tokens[$0].isAllCaps
                  && (tokens[$0].has(.commonWords) || tokens[$0].has(.functionWords)) }),
              ((a + 1)...b).contains(where: { tokens[$0].has(.functionWords) }) else { return false }
        return isNameList(from: b + 2)
    }

    /// Whether the tokens from `k` to the end of the sentence (or paragraph) are a list of at least
    /// two capitalised names: capitalised words, numbers and brackets ("Taylor (Martin 89)") between
    /// commas, semicolons or "and".
    private func isNameList(from k: Int) -> Bool {
        guard tokens[k].isCap else { return false }
        var separators = 0, j = k
        let sentence = tokens[k].sentence, paragraph = tokens[k].paragraph
        while j < tokens.count, tokens[j].paragraph == paragraph, tokens[j].sentence == sentence {
            let t = tokens[j]
            switch t.kind {
            case .word where t.isCap: break
            case .word where t.lower == "and": separators += 1
            case .number: break
            case .punct where t.text == "," || t.text == ";": separators += 1
            case .punct where t.text == "(" || t.text == ")" || t.text == "." || t.text == "-" || t.text == "'": break
            default: return false
            }
            j += 1
        }
        return separators >= 1
    }

    /// Letters a column heading of a table has at most ("W", "PCT", "GB", "PTS").
    static let columnHeadingLetters = 3

    /// Whether `a...b` is a table's header line: a paragraph of at least three short column headings
    /// in capitals and nothing else ("W L PCT GB", "P W D L F A PTS"), not a name.
    func isTableHeader(_ a: Int, _ b: Int) -> Bool {
        guard b - a >= 2 else { return false }
        let p = tokens[a].paragraph
        guard a == 0 || tokens[a - 1].paragraph != p, b + 1 == tokens.count || tokens[b + 1].paragraph != p
        else { return false }
        return (a...b).allSatisfy { k in
            let t = tokens[k]
            return t.kind == .word && t.isCap && t.end - t.start <= Self.columnHeadingLetters
                && (t.isAllCaps || t.end - t.start == 1)
        }
    }
}
