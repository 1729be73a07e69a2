/// One example of a kind of speaker evidence: in this short article, the candidate `speaker`
/// (nil: the null candidate, no speaker) of the quotation holding `quote` carries `evidence`.
/// The test suite extracts each with `ExtractionOptions(explain: true)` and checks it.
public struct SpeakerEvidenceExample: Sendable {
    public let evidence: SpeakerEvidence
    public let text: String
    public let quote: String
    public let speaker: String?
}

/// Every kind of speaker evidence with an example (`SpeakerEvidence`; the rules that propose
/// candidates carry theirs in `RuleBook`).
public enum SpeakerEvidenceBook {
    /// Evidence no short English example gives: the steps propose no nationality and no
    /// miscellaneous name as a speaker.
    public static let withoutExample: Set<SpeakerEvidence> = [.type(.norp), .type(.misc)]

    static func example(_ evidence: SpeakerEvidence, _ text: String, quote: String = "Nobody asked us",
                        _ speaker: String?) -> SpeakerEvidenceExample {
        SpeakerEvidenceExample(evidence: evidence, text: text, quote: quote, speaker: speaker)
    }

    /// Forty words with no name, to put a name more than a sentence away from a quotation.
    private static let longSentence = "The harbour had been quiet for most of the winter and the boats stayed "
        + "tied up along the old stone wall while the nets dried in the sheds and the prices at the market "
        + "kept falling week after week until nobody could remember a worse season for the town."

    public static let examples: [SpeakerEvidenceExample] = [
        example(.rulesChoice, "Tom Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.distance(.adjacent), "\"Nobody asked us,\" Tom Baird said.", "Tom Baird"),
        example(.distance(.near), "Tom Baird spoke on Monday to the crowd: \"Nobody asked us.\"", "Tom Baird"),
        example(.distance(.sentence), "Tom Baird, who has fished these waters for forty years, spoke on Monday "
            + "to the crowd: \"Nobody asked us.\"", "Tom Baird"),
        example(.distance(.paragraph), "Tom Baird spoke. " + longSentence + " \"Nobody asked us,\" he said.",
                "Tom Baird"),
        example(.distance(.previousParagraph), "Tom Baird spoke.\n\n\"Nobody asked us,\" he said.", "Tom Baird"),
        example(.distance(.far), "Tom Baird spoke.\n\nFans left.\n\n\"Nobody asked us,\" he said.", "Tom Baird"),
        example(.sameSentence(.before), "Tom Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.sameSentence(.after), "\"Nobody asked us,\" said Tom Baird.", "Tom Baird"),
        example(.sentenceSubject, "Tom Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.salience(.once), "Tom Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.salience(.few), "Tom Baird spoke. Baird waited. Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.salience(.several), "Tom Baird spoke. " + String(repeating: "Baird waited. ", count: 4)
            + "Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.salience(.many), "Tom Baird spoke. " + String(repeating: "Baird waited. ", count: 10)
            + "Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.mostMentionedPerson, "Tom Baird spoke. Baird waited. Ann Lee said: \"Nobody asked us.\"",
                "Tom Baird"),
        example(.currentSpeaker, "\"We lost,\" said Tom Baird. \"Nobody asked us.\"", "Tom Baird"),
        example(.turnBeforeLast, "\"We lost,\" said Tom Baird.\n\n\"Why?\" said Ann Lee.\n\n\"Nobody asked us.\"",
                "Tom Baird"),
        example(.addressedInPreviousQuote, "Tom Baird arrived. \"Why, Baird?\" said Ann Lee.\n\n\"Nobody asked us.\"",
                "Tom Baird"),
        example(.type(.person), "Tom Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.type(.org), "The Ministry of Defence said: \"Nobody asked us.\"", "Ministry of Defence"),
        example(.type(.loc), "Talks were held in Pakistan. \"Talks failed,\" the Pakistani side said.",
                quote: "Talks failed", "Pakistan"),
        example(.pronoun(.fits), "Ann Lee spoke. Tom Baird waited. \"Nobody asked us,\" she said.", "Ann Lee"),
        example(.pronoun(.clashes), "Ann Lee spoke. Tom Baird waited. \"Nobody asked us,\" she said.", "Tom Baird"),
        example(.institutionWithStatement, "The Ministry of Defence said in a statement: \"Nobody asked us.\"",
                "Ministry of Defence"),
        example(.relaysAnother, "Ann Lee quoted Tom Baird as saying: \"Nobody asked us.\"", "Ann Lee"),
        example(.noSpeaker(.bias), "Tom Baird said: \"Nobody asked us.\"", nil),
        example(.noSpeaker(.noCueVerb), "Tom Baird spoke.\n\n\"Nobody asked us.\"", nil),
        example(.noSpeaker(.partial), "Tom Baird branded the plan \"a disaster\".", quote: "a disaster", nil),
        example(.noSpeaker(.unclosed), "Tom Baird said: \"Nobody asked us.", nil),
        example(.noSpeaker(.noNameInParagraph), "Fans left.\n\n\"Nobody asked us.\"", nil),
        example(.sentencesBack(.none), "Tom Baird said: \"Nobody asked us.\"", "Tom Baird"),
        example(.sentencesBack(.one), "Tom Baird spoke. \"Nobody asked us,\" he said.", "Tom Baird"),
        example(.sentencesBack(.two), "Tom Baird spoke. Fans left. \"Nobody asked us,\" he said.", "Tom Baird"),
        example(.sentencesBack(.more), "Tom Baird spoke. Fans left. Rain fell. \"Nobody asked us,\" he said.",
                "Tom Baird"),
        example(.personRank(.nearest), "Ann Lee spoke. Tom Baird waited. \"Nobody asked us,\" she said.",
                "Tom Baird"),
        example(.personRank(.second), "Ann Lee spoke. Tom Baird waited. \"Nobody asked us,\" she said.", "Ann Lee"),
        example(.personRank(.farther), "Ann Lee spoke. Tom Baird waited. Ian Hart left. \"Nobody asked us,\" "
            + "she said.", "Ann Lee"),
        example(.spokeBefore, "\"We lost,\" said Tom Baird. \"Nobody asked us.\"", "Tom Baird"),
        example(.inReportedClause, "Tom Baird said the plan drawn up by Ian Hart was wrong. \"Nobody asked us,\" "
            + "he said.", "Ian Hart"),
    ]
}
