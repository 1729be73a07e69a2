/// Finds name candidates: runs of capitalised words within a sentence (headlines excepted),
/// joined over the words named rules allow inside a name. A chunk has at most
/// `ExtractionLimits.maxNameTokens` tokens.
struct Chunker {
    let context: ArticleContext
    private let tokens: [Token]

    init(_ context: ArticleContext) { self.context = context; tokens = context.tokens }

    /// A candidate run of tokens and the join rules that grew it.
    struct Chunk {
        var first: Int
        var last: Int
        var joins: [RuleID] = []
    }

    func chunks() -> [Chunk] {
        var out: [Chunk] = []
        var k = 0
        while k < tokens.count {
            guard context.isCandidate(k), !context.isHeadline(k) else { k += 1; continue }
            var chunk = Chunk(first: k, last: k)
            // "A/S Norske Shell": a slashed legal form before the name, whose first letter is no candidate
            if k >= 2 && context.isSlashedLegalForm(at: k - 2) && !context.isCandidate(k - 2)
                && !context.isHeadline(k - 2) {
                chunk.first = k - 2; chunk.joins.append(.chunkSlashedLegalForm)
            }
            // a join adds at most three tokens ("of the X"): stop early enough to stay in bounds
            while chunk.last + 1 < tokens.count, chunk.last + 1 - chunk.first <= ExtractionLimits.maxNameTokens - 3,
                  context.sameSentence(chunk.last + 1, chunk.first) {
                let j = chunk.last + 1
                if context.isCandidate(j) && tokens[j].start - tokens[j - 1].end <= 1 { chunk.last = j; continue }
                guard let (rule, last) = join(after: chunk) else { break }
                chunk.last = last
                chunk.joins.append(rule)
            }
            out.append(chunk)
            k = chunk.last + 1
        }
        return out
    }

    /// The first join rule that extends the chunk over the word after it, and the new last token.
    func join(after chunk: Chunk) -> (RuleID, Int)? {
        let j = chunk.last + 1
        if let m = ofPhrase(chunk, at: j) { return (.chunkOfPhrase, m) }
        if context.isSlashedLegalForm(at: j) { return (.chunkSlashedLegalForm, j + 2) }
        if context.isSlashedLegalForm(at: j - 1) { return (.chunkSlashedLegalForm, j + 1) }
        if let m = bracketedWordBeforeLegalForm(at: j, chunk.first) { return (.chunkBracketBeforeLegalForm, m) }
        let l = tokens[j].lower
        guard l == "and" || l == "&" || l == "'s" || l == "\u{2019}s"
            || Lexicon.nameParticles.contains(l) else { return nil }
        guard j + 1 < tokens.count, context.isCandidate(j + 1), context.sameSentence(j + 1,
            chunk.first) else { return nil }
        if l == "and" && isSharedHead(chunk, and: j) { return (.chunkSharedHead, j + 1) }
        if l == "and" && isSharedHead(chunk, and: j, headWords: true) { return (.chunkSharedHeadOfHeadWords, j + 1) }
        // "Goldman Sachs and Co Inc"
        if l == "and" && (tokens[j + 1].lower == "co" || tokens[j + 1].lower == "co.") {
            return (.chunkAndCompany, j + 1)
        }
        if l == "and" && isOfPhraseCoordination(chunk, and: j) { return (.chunkOfPhraseAnd, j + 1) }
        if l == "and" && isInnerListItem(chunk.first, and: j) { return (.chunkListItem, j + 1) }
        if Lexicon.nameParticles.contains(l) || l == "&" { return (.chunkParticle, j + 1) }
        if (l == "'s" || l == "\u{2019}s") && tokens[chunk.last].lower == "people" { return (.chunkPeoples, j + 1) }
        return nil
    }

    /// "Bank of England", "Daughters of the American Revolution", "Centre for X of Y": "of",
    /// "for" or "on" after a head word (or "of" after a "<head> for" phrase), an optional
    /// "the", then a capitalised word that is no code ("Kennedy Space Center on STS-1").
    private func ofPhrase(_ chunk: Chunk, at j: Int) -> Int? {
        let l = tokens[j].lower
        guard l == "of" || l == "for" || l == "on" else { return nil }
        guard Lexicon.ofPhraseHeads.contains(tokens[chunk.last].lower) || (l == "of" && hasHeadedFor(chunk.first,
            chunk.last))
        else { return nil }
        var m = j + 1
        if m < tokens.count && tokens[m].lower == "the" && context.sameSentence(m, chunk.first) { m += 1 }
        guard m < tokens.count, context.isCandidate(m), context.sameSentence(m, chunk.first),
              !tokens[m].text.unicodeScalars.contains(where: CharacterClass.isDigit) else { return nil }
        return m
    }

    /// "National Air and Space Museum", "Food and Drug Administration": one or two capitalised
    /// common words after "the", joined by "and" to common words that end in a head the two share
    /// (after "the": "Fiat and General Motors" are two names).
    /// With `headWords`, one word before "and" and the words after it may be organisation heads
    /// themselves, unless one names an organisation on its own ("the Securities and Exchange
    /// Commission", "the Gas and Energy Ministry"; not "the Treasury and Foreign Office", nor "the
    /// Electoral Commission and National Union of Students", two names).
    private func isSharedHead(_ chunk: Chunk, and j: Int, headWords: Bool = false) -> Bool {
        let a = chunk.first, b = chunk.last
        let a1 = tokens[a].has(.functionWords) ? a + 1 : a  // "The National Air …"
        let word = headWords ? isDescriptiveOrHeadWord : isDescriptiveWord
        return a1 <= b && b - a1 <= (headWords ? 0 : 1) && (a1 > a || (a > 0 && tokens[a - 1].lower == "the"))
            && (a1...b).allSatisfy(word) && word(j + 1) && rightRunEndsInHead(from: j + 1)
    }

    /// A descriptive word, or a capitalised common word that is an organisation head but names
    /// no organisation alone ("Securities", "Energy"; not "Treasury").
    func isDescriptiveOrHeadWord(_ k: Int) -> Bool {
        let t = tokens[k]
        guard t.has(.orgHeads) else { return isDescriptiveWord(k) }
        return t.has(.commonWords) && !t.isAllCaps && !t.has(.functionWords) && !t.has(.givenNames)
            && !t.has(.surnames) && !Lexicon.loneOrganisationHeads.contains(t.text) && !Lexicon.isPlaceName(t.text)
            && !Lexicon.legalForms.contains(t.lower)
    }

    /// Capitalised words in brackets after a company's name and before its legal form belong to it:
    /// "BP Petroleum Development (Norway) Ltd", "Deminex (Norge) A/S". The index of the legal form's
    /// last token, or nil.
    private func bracketedWordBeforeLegalForm(at j: Int, _ first: Int) -> Int? {
        guard tokens[j].text == "(" else { return nil }
        var close = j + 1
        while close < tokens.count && close - j <= Self.maxBracketedWords && context.isCandidate(close) { close += 1 }
        guard close > j + 1, close + 1 < tokens.count, tokens[close].text == ")",
              context.sameSentence(close + 1, first) else { return nil }
        let form = close + 1
        let last = context.isSlashedLegalForm(at: form) ? form + 2
            : tokens[form].isCap && Lexicon.legalForms.contains(tokens[form].lower) ? form : nil
        guard let last, last - first < ExtractionLimits.maxNameTokens else { return nil }
        return last
    }

    /// Words in brackets inside a company's name, at most ("(Australia)", "(New Zealand)").
    static let maxBracketedWords = 2

    /// "National Institute of Economic and Social Research": "and" inside an "of" phrase, unless
    /// the right part has a head of its own ("… of Technology and Colorado State University").
    private func isOfPhraseCoordination(_ chunk: Chunk, and j: Int) -> Bool {
        (chunk.first..<chunk.last).contains { tokens[$0].lower == "of" || tokens[$0].lower == "for" }
            && !tokens[j + 1].has(.functionWords) && !rightRunHasHead(from: j + 1)
    }

    /// A capitalised common word that is no name, place or head: "Food", "Public", "Air".
    func isDescriptiveWord(_ k: Int) -> Bool {
        let t = tokens[k]
        return t.has(.commonWords) && !t.isAllCaps && !t.has(.functionWords) && !t.has(.givenNames) && !t.has(.surnames)
            && !t.has(.orgHeads) && !t.has(.locHeads) && !Lexicon.isPlaceName(t.text) && Lexicon.demonyms[t.text] == nil
    }

    /// Whether the capitalised run from k (two to four words) ends in an organisation or place
    /// head and is not itself a known organisation ("Drug Administration", not "General Motors").
    func rightRunEndsInHead(from k: Int) -> Bool {
        var j = k
        while j + 1 < tokens.count && j - k <= 3 && context.isCandidate(j + 1) && context.sameSentence(j + 1, k)
                && tokens[j + 1].start - tokens[j].end <= 1 { j += 1 }
        return j > k && j - k <= 3 && (tokens[j].has(.orgHeads) || tokens[j].has(.locHeads))
            && Lexicon.knownOrgs[context.text(k, j)] == nil
    }

    /// Whether `a … and …` sits between commas in a list of at least five capitalised items, with
    /// another capitalised item after it (so this "and" is not the list's last one):
    /// "…, Holborn and St Pancras, Oldham East and Saddleworth, …" joins one item, not two.
    func isInnerListItem(_ a: Int, and j: Int) -> Bool {
        guard a > 0, tokens[a - 1].text == ",", j + 1 < tokens.count, context.isCandidate(j + 1) else { return false }
        var e = j + 1
        while e + 1 < tokens.count && context.isCandidate(e + 1) && context.sameSentence(e + 1, a)
            && e - j < 4 { e += 1 }
        guard e + 2 < tokens.count, tokens[e + 1].text == ",", context.isCandidate(e + 2), context.sameSentence(e + 2,
            a) else { return false }
        var commas = 0, k = a - 1
        while k >= 0 && commas < 3 && context.sameSentence(k, a) {
            if tokens[k].text == "," { commas += 1 }
            else if !context.isCandidate(k) && tokens[k].lower != "and" && tokens[k].lower != "of"
                && tokens[k].text != "-" { break }
            k -= 1
        }
        return commas >= 3
    }

    /// "Centre for Control", "Council for the Welfare": an organisation head then "for", so a
    /// further "of" phrase still belongs to the name.
    func hasHeadedFor(_ a: Int, _ b: Int) -> Bool {
        guard b > a + 1 else { return false }
        return (a + 1..<b).contains { tokens[$0].lower == "for" && tokens[$0 - 1].has(.orgHeads) }
    }

    /// Whether the capitalised run starting at k contains its own organisation or place head
    /// ("... and Colorado State University"), so an "and" before it separates two names.
    func rightRunHasHead(from k: Int) -> Bool {
        var j = k
        while j < tokens.count && j - k < ExtractionLimits.maxNameTokens && context.isCandidate(j)
            && context.sameSentence(j, k) {
            if tokens[j].has(.orgHeads) || tokens[j].has(.locHeads) { return true }
            j += 1
        }
        return false
    }
}
