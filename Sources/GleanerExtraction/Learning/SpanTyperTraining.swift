/// Training examples for the learned span typer: the candidates the rules leave without a
/// strong verdict in one article, each with its text and features (`SpanFeatures`).
public enum SpanTyperTraining {
    public struct Candidate: Sendable, Equatable {
        /// The candidate as written (tokens joined as in the text).
        public let text: String
        public let features: [String]
    }

    /// Runs entity recognition over `text` and returns the candidates the learned typer would
    /// decide, in the order the typer met them.
    public static func candidates(in text: String) -> [Candidate] {
        let scalars = Array(text.unicodeScalars)
        let context = ArticleContext(scalars: scalars, tokens: Tokenizer.tokenize(scalars), recordsCandidates: true)
        _ = EntityRecognizer(context).recognize()
        return context.recordedCandidates.map { Candidate(text: context.text($0.a, $0.b), features: $0.features) }
    }
}
