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
    /// document's evidence (`DocumentEvidence`), then with the typer weighing that evidence. Only
    /// the chunks in which the first pass met a candidate for the typer are cleaned again; the
    /// others keep their first-pass names, which the typer would not change.
    func recognize(explain: Bool = false) -> Recognized {
        let chunks = Chunker(context).chunks()
        let cleaner = NameCleaner(context)
        var spans: [NameSpan] = []
        guard context.wantsDocumentEvidence && context.documentEvidence == nil else {
            for chunk in chunks { cleaner.names(in: chunk, into: &spans) }
            return DocumentLinker(context).link(consume spans, explain: explain)
        }
        var firstPass: [NameSpan] = []
        var named: [Range<Int>] = []
        var askedTyper: [Bool] = []
        for chunk in chunks {
            let (start, asked) = (firstPass.count, context.typerCandidatesSeen)
            cleaner.names(in: chunk, into: &firstPass)
            named.append(start..<firstPass.count)
            askedTyper.append(context.typerCandidatesSeen > asked)
        }
        context.setDocumentEvidence(DocumentEvidence(context, spans: firstPass))
        for (k, chunk) in chunks.enumerated() {
            if askedTyper[k] { cleaner.names(in: chunk, into: &spans) } else { spans += firstPass[named[k]] }
        }
        return DocumentLinker(context).link(consume spans, explain: explain)
    }
}
