import Foundation
import GleanerExtraction

/// The extractor version this process writes into records and asks the store about
/// (`lookup`): `ExtractorVersion.current`, unless the testing switch below is set.
///
/// - `GLEANER_EXTRACTOR_VERSION_OVERRIDE=N` (0 ≤ N ≤ `ExtractorVersion.maximum`): act as
///   extractor version N. For tests and drills of the upgrade path only: it pretends the
///   extraction changed without changing it (docs/operations.md, "Upgrades").
public enum ExtractorIdentity {
    /// Environment variable of the testing switch.
    public static let overrideVariable = "GLEANER_EXTRACTOR_VERSION_OVERRIDE"

    /// The version in force for this process (read once).
    public static let version: Int = resolve(ProcessInfo.processInfo.environment[overrideVariable])

    /// `text` as an override when it is a version in range; `ExtractorVersion.current` otherwise.
    static func resolve(_ text: String?) -> Int {
        guard let text, let n = Int(text), (0...ExtractorVersion.maximum).contains(n) else {
            return ExtractorVersion.current
        }
        return n
    }

    /// Whether the testing switch is set (roles say so in their log).
    public static var isOverridden: Bool { ProcessInfo.processInfo.environment[overrideVariable] != nil }
}

extension JSONWriter {
    /// `{"name": "gleaner", "version": N}`: the extractor that made a record.
    mutating func extractor(version: Int) {
        object { o in
            o.field("name", string: ExtractorVersion.name)
            o.field("version", int: version)
        }
    }
}
