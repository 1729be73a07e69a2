import ArgumentParser

/// The umbrella command: local runs, one-off extraction, queries and export.
public struct Gleaner: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gleaner",
        abstract: "Turn news article files into a queryable JSON knowledge store.",
        discussion: """
            Examples:
              gleaner run seeds                      # extract seeds/ into ./gleaner-store
              gleaner extract seeds/000_24673fb061a840e4.txt | jq .title
              gleaner query stats --store gleaner-store --json
              gleaner export --store gleaner-store > articles.jsonl

            Every flag can also be set in the environment: --max-article-bytes as \
            GLEANER_MAX_ARTICLE_BYTES, and so on (a flag on the command line wins; docs/operations.md).
            """,
        version: GleanerVersion.string,
        subcommands: [
            Run.self, Status.self, Extract.self, Query.self, Export.self, Store.self, Bench.self, Keygen.self,
            Chaos.self,
            TrainTyper.self, TrainSpeakers.self,
        ]
    )

    public init() {}
}

public enum GleanerVersion {
    public static let string = "0.1.0"
}
