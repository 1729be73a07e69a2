/// One article's text as the entity, quote and date stages see it: its scalars and tokens and
/// the per-token and per-paragraph facts every stage asks about, computed once.
final class ArticleContext {
    let scalars: [Unicode.Scalar]
    let tokens: [Token]
    /// By paragraph index, whether its capitalisation carries no information (title case near
    /// the top, or mostly capitals): names there are matched against the body, not chunked.
    let headlineParagraphs: [Bool]
    /// A sports report ("SOCCER - …", or three sports words in the first 400 tokens): place
    /// names next to scores and match verbs stand for teams.
    let isSports: Bool
    /// Whether each token can be part of a name (`CandidateWords`).
    private let candidates: [Bool]
    /// The learned typer deciding candidates no rule types strongly, or nil for the rules' votes.
    let spanTyper: SpanTyperModel?
    /// Whether `Typer` records each candidate it hands to the learned typer (for training).
    let recordsCandidates: Bool
    /// The candidates recorded when `recordsCandidates` is set: token range and features.
    private(set) var recordedCandidates: [(a: Int, b: Int, features: [String])] = []
    /// What the rules alone say about the article's names (`DocumentEvidence`), once the first
    /// recognition pass has run; until then the learned typer stays silent.
    private(set) var documentEvidence: DocumentEvidence?
    /// Whether recognition needs the first, rules-only pass: the typer decides or candidates are recorded.
    var wantsDocumentEvidence: Bool { spanTyper != nil || recordsCandidates }
    /// The typing rules' verdicts in the first pass, by candidate (`verdictKey`), so the second
    /// pass does not run the rules again.
    private var firstPassVerdicts: [Int: (verdict: TypeVerdict, rule: RuleID)] = [:]
    /// How many candidates the first pass met that the typer will decide (rules' verdicts not strong).
    private(set) var typerCandidatesSeen = 0

    /// How the article writes one word (by its lowercase form): in lower case and capitalised past a
    /// sentence's start (web addresses and hashtags left out), and where it writes it in lower case.
    private struct WordCase {
        var lower = 0, capitalised = 0
        var lowercaseAt: [Int] = []

        mutating func record(at k: Int, lowercase: Bool, counted: Bool) {
            if lowercase { lowercaseAt.append(k) }
            guard counted else { return }
            if lowercase { lower += 1 } else { capitalised += 1 }
        }
    }

    /// Every word's `WordCase`, built in one pass once the rules have asked about enough words that
    /// a pass for each would cost more (`ExtractionLimits.passesBeforeWordIndex`). Most articles
    /// ask about a few words, for which a pass each is cheaper than indexing every word; a pass for
    /// each word asked about took time quadratic in the length of text of many distinct
    /// capitalised words (a megabyte of them).
    private var wordCases: [String: WordCase]?
    /// Questions about single words so far; those before `wordCases` was built made a pass each.
    private(set) var wordPasses = 0
    /// Whether one pass has indexed how the article writes every word.
    var hasWordIndex: Bool { wordCases != nil }

    private func indexedWordCases() -> [String: WordCase]? {
        if wordCases == nil && wordPasses >= ExtractionLimits.passesBeforeWordIndex {
            var cases: [String: WordCase] = [:]
            for k in tokens.indices where tokens[k].kind == .word { note(k, into: &cases[tokens[k].lower]) }
            wordCases = cases
        }
        wordPasses += 1
        return wordCases
    }

    /// How the article writes `word`, from the index or from a pass of its own.
    private func wordCase(_ word: String) -> WordCase? {
        if let index = indexedWordCases() { return index[word] }
        var seen: WordCase?
        for k in tokens.indices where tokens[k].kind == .word && tokens[k].lower == word { note(k, into: &seen) }
        return seen
    }

    /// Adds token `k` to its word's case counts when it is written in lower case or capitalised.
    private func note(_ k: Int, into seen: inout WordCase?) {
        let lowercase = isLowercaseWord(k)
        let counted = !tokens[k].sentenceInitial && !isPartOfAddress(k)
        let capitalised = !lowercase && tokens[k].isCap && !tokens[k].isAllCaps
        guard lowercase || (counted && capitalised) else { return }
        var counts = seen ?? WordCase()
        seen = nil  // `counts` alone holds the positions, so appending does not copy them
        counts.record(at: k, lowercase: lowercase, counted: counted)
        seen = counts
    }

    /// Answers of `writesMostlyLowercase`, by word.
    private var mostlyLowercase: [String: Bool] = [:]

    /// Whether the article writes the word (lowercase form) in lower case past a sentence's start at
    /// least as often as capitalised there, web addresses and hashtags left out: its own evidence
    /// that the capitalised form is a common noun ("Spacetime" over a text about "spacetime", but
    /// not "Scientology" beside one "scientology website").
    func writesMostlyLowercase(_ word: String) -> Bool {
        if let known = mostlyLowercase[word] { return known }
        let seen = wordCase(word)
        let answer = seen.map { $0.lower > 0 && $0.lower >= $0.capitalised } ?? false
        mostlyLowercase[word] = answer
        return answer
    }

    /// Whether token `k` is a word written in lower case throughout (not "iPod", "diCaprio").
    func isLowercaseWord(_ k: Int) -> Bool {
        guard tokens[k].kind == .word, !tokens[k].isCap, tokens[k].text == tokens[k].lower,
              let first = tokens[k].text.unicodeScalars.first else { return false }
        return CharacterClass.isLetter(first)
    }

    /// Whether token `k` is part of a web or e-mail address ("napster" in "napster.no", "bbc.co.uk/news")
    /// or a hashtag: glued to a full stop and a word after it, or to a full stop, slash, at or hash sign
    /// before it.
    func isPartOfAddress(_ k: Int) -> Bool {
        if k + 2 < tokens.count, tokens[k + 1].start == tokens[k].end, tokens[k + 2].start == tokens[k + 1].end,
           tokens[k + 2].kind == .word, Self.isAddressMark(tokens[k + 1].text, hash: false) { return true }
        guard k > 0, tokens[k - 1].end == tokens[k].start else { return false }
        return Self.isAddressMark(tokens[k - 1].text, hash: true)
    }

    private static func isAddressMark(_ text: String, hash: Bool) -> Bool {
        switch text {
        case ".", "/", "@": return true
        case "#": return hash
        default: return false
        }
    }

    /// Whether tokens `a...b` are a whole line on their own (apart from closing punctuation).
    func isWholeLine(_ a: Int, _ b: Int) -> Bool {
        let paragraph = tokens[a].paragraph
        if a > 0 && tokens[a - 1].paragraph == paragraph { return false }
        var k = b + 1
        while k < tokens.count && tokens[k].paragraph == paragraph {
            if tokens[k].kind != .punct { return false }
            k += 1
        }
        return true
    }

    /// Whether the article writes the words of tokens `a...b` in lower case, in a row, somewhere else.
    /// Only the first `ExtractionLimits.maxOccurrencesCompared` places of the first word are tried.
    func writesLowercase(_ a: Int, _ b: Int) -> Bool {
        let n = b - a + 1
        guard n > 0, let first = wordCase(tokens[a].lower) else { return false }
        for k in first.lowercaseAt.prefix(ExtractionLimits.maxOccurrencesCompared)
        where k != a && k + n <= tokens.count {
            if (1..<n).allSatisfy({ tokens[k + $0].lower == tokens[a + $0].lower && isLowercaseWord(k + $0) }) {
                return true
            }
        }
        return false
    }

    /// Tokens at the start of an article inspected for sports words.
    static let sportsWindow = 400

    init(scalars: [Unicode.Scalar], tokens: [Token], spanTyper: SpanTyperModel? = nil,
         recordsCandidates: Bool = false) {
        self.scalars = scalars
        self.tokens = tokens
        self.spanTyper = spanTyper
        self.recordsCandidates = recordsCandidates
        headlineParagraphs = Self.headlineParagraphs(tokens)
        let sportsWords = tokens.prefix(Self.sportsWindow).filter { $0.kind == .word && $0.has(.sportsWords) }.count
        let firstWord = tokens.first(where: { $0.kind == .word })
        isSports = firstWord?.has(.sportsWords) == true || sportsWords >= 3
        candidates = tokens.indices.map { CandidateWords.canBePartOfName($0, in: tokens) }
        // about one candidate per ten tokens: room for them up front spares the table's regrowth
        if wantsDocumentEvidence { firstPassVerdicts.reserveCapacity(tokens.count / 8) }
    }

    /// Paragraphs in capitals (three quarters of their words), or in title case near the top
    /// (three quarters capitalised, or every word but short lowercase function words: "How to Get Rid
    /// of Mice Naturally"; 3-30 words, no final full stop: a caption full of names ends with one).
    static func headlineParagraphs(_ tokens: [Token]) -> [Bool] {
        let paragraphs = (tokens.last?.paragraph ?? 0) + 1
        var words = [Int](repeating: 0, count: paragraphs), caps = words, allCaps = words, smallWords = words
        var endsWithFullStop = [Bool](repeating: false, count: paragraphs), startsCapitalised = endsWithFullStop
        // by index, not by element: a copy of each token would retain and release its strings
        for k in tokens.indices {
            let p = tokens[k].paragraph
            if k + 1 == tokens.count || tokens[k + 1].paragraph != p { endsWithFullStop[p] = tokens[k].text == "." }
            guard tokens[k].kind == .word else { continue }
            if words[p] == 0 { startsCapitalised[p] = tokens[k].isCap }
            words[p] += 1
            if tokens[k].isCap { caps[p] += 1 } else if tokens[k].has(.functionWords)
                && tokens[k].end - tokens[k].start <= maxSmallWordLength { smallWords[p] += 1 }
            if tokens[k].isAllCaps && tokens[k].end - tokens[k].start > 1 { allCaps[p] += 1 }
        }
        var headlines = [Bool](repeating: false, count: paragraphs)
        for p in 0..<paragraphs where words[p] >= 1 {
            let n = Double(words[p])
            // every word capitalised but short lowercase function words ("How to Get Rid of Mice Naturally"),
            // the first one too (not a byline: "by Alex Wilson")
            let titleCase = startsCapitalised[p] && caps[p] >= 2 && caps[p] + smallWords[p] == words[p]
            if Double(allCaps[p]) >= 0.75 * n && (words[p] >= 2 || allCaps[p] == 1) {
                headlines[p] = true
            } else if p <= 3 && words[p] >= 3 && words[p] <= 30 && (Double(caps[p]) >= 0.75 * n || titleCase)
                && !endsWithFullStop[p] {
                headlines[p] = true
            }
        }
        return headlines
    }

    /// Letters of the function words title case leaves in lower case ("of", "to", "and", "the";
    /// not "said" or "asked", which a sentence has).
    static let maxSmallWordLength = 3

    func isCandidate(_ k: Int) -> Bool { candidates[k] }

    func record(_ a: Int, _ b: Int, features: [String]) { recordedCandidates.append((a, b, features)) }
    func setDocumentEvidence(_ evidence: DocumentEvidence) { documentEvidence = evidence }

    /// The rules' verdict on candidate `a...b` from the first pass, if it met that candidate.
    func firstPassVerdict(_ a: Int, _ b: Int, titled: Bool) -> (verdict: TypeVerdict, rule: RuleID)? {
        firstPassVerdicts[verdictKey(a, b, titled)]
    }

    /// Keeps the rules' verdict on `a...b` for the second pass (only during the first).
    func rememberVerdict(_ a: Int, _ b: Int, titled: Bool, _ ruled: (verdict: TypeVerdict, rule: RuleID)) {
        guard wantsDocumentEvidence && documentEvidence == nil else { return }
        firstPassVerdicts[verdictKey(a, b, titled)] = ruled
        if case .name(_, let strength, _) = ruled.verdict, strength != .strong { typerCandidatesSeen += 1 }
    }

    private func verdictKey(_ a: Int, _ b: Int, _ titled: Bool) -> Int { (a * tokens.count + b) * 2 + (titled ? 1 : 0) }
    func isHeadline(_ k: Int) -> Bool { headlineParagraphs[tokens[k].paragraph] }

    /// Whether token `k`'s paragraph reads as a line of a results table: at least
    /// `tableNumbers` numbers, making up at least a quarter of its words and numbers
    /// ("Glamorgan 4 1 2 1 23", "Puchon 2 Chonan 1").
    func isNumberTableLine(_ k: Int) -> Bool {
        let p = tokens[k].paragraph
        var first = k, last = k
        while first > 0 && tokens[first - 1].paragraph == p { first -= 1 }
        while last + 1 < tokens.count && tokens[last + 1].paragraph == p { last += 1 }
        var numbers = 0, words = 0
        for j in first...last {
            if tokens[j].kind == .number { numbers += 1 } else if tokens[j].kind == .word { words += 1 }
        }
        return numbers >= Self.tableNumbers && numbers * 4 >= numbers + words
    }

    /// Numbers a paragraph needs at least to read as a line of a results table.
    static let tableNumbers = 2

    /// The text of tokens `a...b`, with one space wherever the text had white space.
    func text(_ a: Int, _ b: Int) -> String {
        if a == b { return tokens[a].text }
        var s = tokens[a].text
        for j in (a + 1)...b {
            if tokens[j].start > tokens[j - 1].end { s += " " }
            s += tokens[j].text
        }
        return s
    }

    /// "Norsk Hydro A/S": a legal form written with a slash, its letters glued to the slash, starting at k.
    func isSlashedLegalForm(at k: Int) -> Bool {
        guard k >= 0, k + 2 < tokens.count, tokens[k + 1].text == "/", tokens[k].kind == .word,
              tokens[k + 2].kind == .word, tokens[k + 1].start == tokens[k].end,
              tokens[k + 2].start == tokens[k + 1].end else { return false }
        return Lexicon.legalForms.contains(ScalarText.lowercased(text(k, k + 2)))
    }

    /// How many lowercase words after a name an "its" that refers back to it may come.
    static let itsReach = 5

    /// "Citicorp has estimated its profits", "Dunvar said its": the name ending at token k is the
    /// subject of a verb whose clause then says "its", with only lowercase words between — no
    /// punctuation, capitalised word, new subject ("he", "they") or object ("held the ball by its
    /// lace": "its" may be the object's) — and not after a joining word ("Iraq and its neighbours",
    /// "rates in its").
    func isSubjectOfLaterIts(after k: Int) -> Bool {
        guard k + 2 < tokens.count else { return false }
        let verb = tokens[k + 1]
        guard isUncapitalisedWord(verb, inSentenceOf: k), !verb.has(.functionWords)
                || Lexicon.auxiliaries.contains(verb.lower) || verb.has(.cueVerbs) else { return false }
        for j in (k + 2)..<min(tokens.count, k + 2 + Self.itsReach) {
            let t = tokens[j]
            guard isUncapitalisedWord(t, inSentenceOf: k), !Lexicon.clauseSubjects.contains(t.lower),
                  !Lexicon.objectDeterminers.contains(t.lower) else { return false }
            if Lexicon.neuterPossessives.contains(t.lower) { return true }
        }
        return false
    }

    /// Whether `t` is a word without a capital in token k's sentence (unlike `isLowercaseWord(_:)`,
    /// "iPod" is one).
    private func isUncapitalisedWord(_ t: Token, inSentenceOf k: Int) -> Bool {
        t.kind == .word && !t.isCap && t.sentence == tokens[k].sentence
    }

    /// The lowercase word before token k in its sentence, or "".
    func lowerBefore(_ k: Int) -> String {
        k > 0 && tokens[k - 1].sentence == tokens[k].sentence ? tokens[k - 1].lower : ""
    }

    /// The lowercase word after token k in its sentence, or "".
    func lowerAfter(_ k: Int) -> String {
        k + 1 < tokens.count && tokens[k + 1].sentence == tokens[k].sentence ? tokens[k + 1].lower : ""
    }

    func sameSentence(_ j: Int, _ k: Int) -> Bool { tokens[j].sentence == tokens[k].sentence }

    /// Whether token `k` continues the token before it, with no space between: after a word, a
    /// number, a slash or a hyphen ("P" in "PCG-X505/P"; not after "(" or a quote).
    func isGluedToPreviousToken(_ k: Int) -> Bool {
        guard k > 0, tokens[k - 1].end == tokens[k].start else { return false }
        let previous = tokens[k - 1]
        return previous.kind == .word || previous.kind == .number || previous.text == "/" || previous.text == "-"
    }
}
