/// The version of what extraction produces, written into every record (`"extractor"`).
///
/// **Bump `current` whenever a change alters the records made from the same input**: new or
/// different entities, quotes, dates, titles or keyphrases, and changes to how input is decoded
/// before extraction (HTML boilerplate removal, encodings). A store then re-extracts the
/// articles an older version made on the next run over them (docs/operations.md, "Upgrades");
/// leave it alone for changes that keep every record byte for byte (speed, refactoring).
///
/// Versions only grow; records without the field count as version 0 (Gleaner before versions).
public enum ExtractorVersion {
    /// The name records carry beside the version.
    public static let name = "gleaner"
    /// This build's version: an integer from 1 up to `maximum`.
    public static let current = 22
    /// The largest version a record may name (the record validator's bound).
    public static let maximum = 1_000_000
}
