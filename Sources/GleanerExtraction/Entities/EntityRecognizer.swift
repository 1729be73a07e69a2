/// Rule- and gazetteer-based named entity recognition with in-document linking
/// (docs/extraction.md, "Entities"):
///
/// 1. Chunking (`Chunker`): runs of capitalised words, joined over "of"/"for" after a head
///    ("Bank of England"), over name particles ("van", "bin"), "&" and a few "and"s.
/// 2. Cleanup (`NameCleaner`): leading function words, sentence-initial common words, titles
///    (kept as roles), leading nationalities and names that precede another are split off.
/// 3. Typing (`Typer`, `TypingRules`): gazetteers, head words ("Bank", "River", "Cup"), titles,
///    context, given names and surnames, shape.
/// 4. Document pass (`DocumentLinker`): one type per surface, names linked to their full form,
///    headline words matched against the body, entities built.
struct EntityRecognizer {
    let context: ArticleContext

    init(_ context: ArticleContext) { self.context = context }

    /// What recognition finds: entities, the spans that mention them (sorted by start), and,
    /// when asked for, the evidence of each mention.
    struct Recognized {
        var entities: [Entity]
        var spans: [NameSpan]
        var evidence: [EntityBuilder.MentionKey: Evidence]
    }

    func recognize(explain: Bool = false) -> Recognized {
        let cleaner = NameCleaner(context)
        var spans: [NameSpan] = []
        for chunk in Chunker(context).chunks() { cleaner.names(in: chunk, into: &spans) }
        return DocumentLinker(context).link(consume spans, explain: explain)
    }
}
