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

    public var description: String {
        switch self {
        case .unsupportedFormat(let found, let path):
            return "\(path) holds a store in format \(found); this Gleaner reads \(StoreLayout.format) only. Use a Gleaner that matches, or a new --store directory."
        case .corruptManifest(let path):
            return "\(path) is not a valid store manifest. Move it away or choose another --store directory."
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .notIndexed(let cause):
            return "records are in the journal but the indexes could not be written (\(cause)); reopening the store rebuilds them"
        case .notAStore(let path):
            return "\(path) is not a Gleaner store (no store.json). Run the collector or `gleaner run` with --store \(path) first."
        }
    }
}

import Glibc
