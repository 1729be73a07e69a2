/// Problems opening or writing a store directory. Each description says what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The directory holds a store of another format version.
    case unsupportedFormat(found: String, path: String)
    /// The manifest exists but cannot be parsed.
    case corruptManifest(path: String)
    /// A file system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// The directory does not hold a store (no manifest).
    case notAStore(path: String)
    /// A commit's records are durable in the journal, but the indexes could not be written:
    /// acknowledge them, and reopen the store (which rebuilds the indexes) before going on.
    indirect case notIndexed(StoreError)
    /// The indexes were written by an earlier Gleaner in a layout this one does not read.
    case outdatedIndexes(path: String)
    /// Another process (a collector, a repair) is writing to the store.
    case locked(path: String, holder: Int32?)
    /// The journal no longer holds records that the checkpoint or the indexes say were committed.
    case journalLost(path: String, detail: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let found, let path):
            return
                "\(path) holds a store in format \(found); this Gleaner reads \(StoreLayout.format) only. Use a "
                    + "Gleaner that matches, or a new --store directory."
        case .corruptManifest(let path):
            return "\(path) is not a valid store manifest. Move it away or choose another --store directory."
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .notIndexed(let cause):
            return
                "records are in the journal but the indexes could not be written (\(cause)); reopening the store "
                    + "rebuilds them"
        case .notAStore(let path):
            return
                "\(path) is not a Gleaner store (no store.json). Run the collector or `gleaner run` with --store "
                    + "\(path) first."
        case .locked(let path, let holder):
            let who = holder.map { "another process (pid \($0))" } ?? "another process"
            return
                "\(who) is writing to the store \(path); a store has one writer. Stop it first, or choose another "
                    + "--store. "
                + "Queries and exports may read it meanwhile."
        case .journalLost(let path, let detail):
            return "the journal of the store \(path) has lost committed records: \(detail). Nothing was changed. "
                + "`gleaner store repair --store \(path)` rebuilds the indexes and corpus.json from the records the "
                + "journal still "
                + "holds; run the producer again afterwards to extract the lost articles anew."
        case .outdatedIndexes(let path):
            return
                "the indexes of \(path) were written by an earlier Gleaner. Rebuild them from the journal with "
                    + "`gleaner store repair --store \(path)` (or start a collector on it)."
        }
    }
}

import Glibc
