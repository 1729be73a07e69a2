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
    /// The indexes were written by an earlier Gleaner in a layout this one does not read.
    case outdatedIndexes(path: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let found, let path):
            return "\(path) holds a store in format \(found); this Gleaner reads \(StoreLayout.format) only. Use a Gleaner that matches, or a new --store directory."
        case .corruptManifest(let path):
            return "\(path) is not a valid store manifest. Move it away or choose another --store directory."
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .notAStore(let path):
            return "\(path) is not a Gleaner store (no store.json). Run the collector or `gleaner run` with --store \(path) first."
        case .outdatedIndexes(let path):
            return "the indexes of \(path) were written by an earlier Gleaner. Rebuild them from the journal with `gleaner store repair --store \(path)` (or start a collector on it)."
        }
    }
}

import Glibc
