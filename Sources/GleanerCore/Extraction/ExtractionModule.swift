// The extraction engine is its own module (GleanerExtraction: text, lexicon, entities, quotes,
// dates; no ZeroMQ, no store). GleanerCore re-exports it, so its users see one API, and adapts
// it to the input layer's decoded text.
@_exported import GleanerExtraction

extension ArticleExtractor {
    /// Extracts from decoded article text (offsets count its Unicode scalars).
    public func extract(_ text: ArticleText, options: ExtractionOptions = .init()) -> Extraction {
        extract(scalars: text.scalars, options: options)
    }
}
