/// Rules for text other than news: textbooks and how-to guides, web reviews.
/// Each rule's examples are in `RuleBook.genreRules`.
extension CandidateWords {
    /// "Describe Einstein's view", "Obtain Beavertail cactus pads": a verb that opens an
    /// instruction (`instruction-verbs.txt`) at a sentence's start is no part of a name.
    static func isInstructionVerb(_ t: Token) -> Bool {
        t.sentenceInitial && !t.isAllCaps && Lexicon.instructionVerbs.contains(t.lower)
            && !t.has(.givenNames) && !t.has(.surnames)
    }
}

extension NameCandidate {
    /// Whether the candidate is a whole line on its own (apart from closing punctuation).
    var isWholeLine: Bool { context.isWholeLine(a, b) }
}

extension TypingRules {
    /// Tried right after the gazetteers: a review's title before the head-word rules.
    static let genreRules: [TypingRule] = [
        // "Great Service", "Poor Taste", "Best Pizzas" alone on a line: a review's title, no name
        TypingRule(.typeEvaluativeHeading) { c in
            guard c.count >= 2, Lexicon.evaluativeAdjectives.contains(c.firstToken.lower), c.isWholeLine,
                  ((c.a + 1)...c.b).allSatisfy({ c.tokens[$0].has(.commonWords) && !c.tokens[$0].has(.givenNames) }),
                  !Lexicon.isPlaceName(c.surface), c.listed(in: Lexicon.knownOrgs) == nil else { return nil }
            return .notAName
        },
    ]
}

extension RuleBook {
    static let genreRules: [RuleDefinition] = [
        rule(.cutInstructionVerb, "a verb opening an instruction (instruction-verbs.txt) is no part of a name",
             .init("Describe Einstein's view of gravity in two sentences.", .noName("Describe Einstein")),
             .init("Obtain Kelvaro cactus pads from a nursery.", .noName("Obtain Kelvaro"))),
        rule(.typeEvaluativeHeading,
             "an adjective of praise or complaint and common words alone on a line is a review's title, no name",
             .init("I took the car to Kelvar Motors.\n\nGreat Service\n\nThe staff fixed it in a day.",
                   .noName("Great Service"))),
    ]
}
