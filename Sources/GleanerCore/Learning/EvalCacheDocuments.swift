import Foundation

/// The documents of the evaluation harness's cache: `scripts/eval` maps the training sets into
/// `gold/<set>/<doc>.json` (the gold, with `file` naming the text and `part` its half) beside
/// `articles/<file>`. Both training tools (`gleaner train-typer`, `gleaner train-speakers`)
/// read them through this one walk, in set order and then file-name order, so a training run
/// is deterministic.
public enum EvalCacheDocuments {
    public struct Document {
        public let set: String
        /// The gold JSON object.
        public let gold: [String: Any]
        public let text: String
    }

    /// Calls `body` with each document of `sets` whose `part` is `part` (nil: both halves).
    /// - Throws: when a folder, gold file or article cannot be read.
    public static func forEach(
        goldRoot: URL, articleRoot: URL, sets: [String], part: String?, _ body: (Document) throws -> Void
    ) throws {
        let fm = FileManager.default
        for set in sets {
            let folder = goldRoot.appendingPathComponent(set)
            for file in try fm.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".json") {
                let gold = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
                guard let g = gold as? [String: Any], let rel = g["file"] as? String else { continue }
                if let part, g["part"] as? String != part { continue }
                let text = try String(contentsOf: articleRoot.appendingPathComponent(rel), encoding: .utf8)
                try body(Document(set: set, gold: g, text: text))
            }
        }
    }
}
