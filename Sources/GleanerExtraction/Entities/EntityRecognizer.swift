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

    /// With the learned typer on, names are found twice: first by the rules alone, to gather the
    /// document's evidence (`DocumentEvidence`), then with the typer weighing that evidence.
    func recognize(explain: Bool = false) -> Recognized {
        if context.wantsDocumentEvidence && context.documentEvidence == nil {
            context.setDocumentEvidence(DocumentEvidence(context, spans: names()))
        }
        return DocumentLinker(context).link(names(), explain: explain)
    }

    /// The chunks' names, typed (`NameCleaner`).
    private func names() -> [NameSpan] {
        let cleaner = NameCleaner(context)
        var spans: [NameSpan] = []
        for chunk in Chunker(context).chunks() { cleaner.names(in: chunk, into: &spans) }
        return spans
    }
}
