import Foundation

/// Expands the producer's PATH arguments into article files.
///
/// Folders are walked recursively, in sorted order so runs are reproducible. Skipped, each
/// with its reason: hidden files and folders (name starting with "."), anything that is not
/// a regular file (symlinks, devices, pipes, sockets), Gleaner store folders (never walked
/// into: a store kept inside the articles folder must not come back as articles), and,
/// when `extensions` is set, files found in folders without one of those extensions. Files
/// named explicitly are always taken. A PATH that does not exist is an error: it is almost
/// always a typo.
public struct FileWalker: Sendable {
    public struct Listing: Sendable, Equatable {
        public var files: [String] = []
        /// What was left out, in walk order.
        public var skippedFiles: [SkippedFile] = []

        public var skips: SkipCounts { SkipCounts(skippedFiles.map(\.reason)) }
        public var skipped: Int { skippedFiles.count }
    }

    public enum WalkError: Error, CustomStringConvertible, Equatable {
        case missing(String)
        public var description: String {
            switch self {
            case .missing(let path): return "no such file or folder: \(path)"
            }
        }
    }

    /// Lowercased extensions without the dot ("txt"); nil takes every file.
    public let extensions: Set<String>?

    public init(extensions: Set<String>? = nil) {
        self.extensions = extensions.map { Set($0.map { $0.lowercased().trimmingPrefix(".") }.map(String.init)) }
    }

    public func list(_ paths: [String]) throws(WalkError) -> Listing {
        var listing = Listing()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
            if isDirectory.boolValue {
                if StoreLayout.holdsStore(path) {
                    listing.skippedFiles.append(SkippedFile(path: path, reason: .store))
                } else {
                    walk(path, into: &listing)
                }
            } else {
                listing.files.append(path)
            }
        }
        return listing
    }

    private func walk(_ directory: String, into listing: inout Listing) {
        for entry in Self.entries(of: directory) {
            let name = entry.name
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if name.hasPrefix(".") { listing.skippedFiles.append(SkippedFile(path: path, reason: .hidden)); continue }
            switch entry.kind ?? Self.kind(lstatOf: path) {
            case S_IFDIR:
                if StoreLayout.holdsStore(path) {
                    listing.skippedFiles.append(SkippedFile(path: path, reason: .store))
                } else {
                    walk(path, into: &listing)
                }
            case S_IFREG:
                if let extensions, !extensions.contains(Self.extensionOf(name)) {
                    listing.skippedFiles.append(SkippedFile(path: path, reason: .otherExtension))
                } else {
                    listing.files.append(path)
                }
            default: listing.skippedFiles.append(SkippedFile(path: path, reason: .special))
            }
        }
    }

    /// A folder entry: its name and, when the file system tells it in the listing, its kind
    /// (`S_IFDIR`, `S_IFREG`, or another `S_IFMT` value).
    private struct Entry {
        var name: String
        var kind: mode_t?
    }

    /// A folder's entries in sorted order (none when it cannot be read). The kinds come from
    /// `readdir`'s `d_type`, so a listing costs no `lstat` per file (a third of the producer's
    /// listing time over many small files); a file system that leaves `d_type` unknown gets one.
    private static func entries(of directory: String) -> [Entry] {
        guard let folder = opendir(directory) else { return [] }
        defer { closedir(folder) }
        var entries: [Entry] = []
        while let record = readdir(folder) {
            let name = withUnsafeBytes(of: record.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, kind: kind(direntType: Int(record.pointee.d_type))))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The `S_IFMT` kind a `d_type` names; nil when the file system did not say (`DT_UNKNOWN`).
    private static func kind(direntType: Int) -> mode_t? {
        switch direntType {
        case DT_UNKNOWN: return nil
        case DT_DIR: return S_IFDIR
        case DT_REG: return S_IFREG
        default: return S_IFLNK  // a symlink, device, pipe or socket: all skipped alike
        }
    }

    /// The kind `lstat` reports (a symlink is not followed); `S_IFLNK` when the file vanished.
    private static func kind(lstatOf path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return S_IFLNK }
        return info.st_mode & S_IFMT
    }

    /// Whether a regular file named `name`, found in a folder, is taken (not hidden, and with
    /// one of the extensions when they are set).
    public func accepts(name: String) -> Bool {
        guard !name.hasPrefix(".") else { return false }
        guard let extensions else { return true }
        return extensions.contains(Self.extensionOf(name))
    }

    static func extensionOf(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}

/// Why an input was not dispatched to a worker.
public enum SkipReason: Int, CaseIterable, Sendable, Comparable {
    /// Same bytes as another file of this run: identical articles are processed once.
    case duplicate
    /// The store already holds its record (resume).
    case stored
    /// A name starting with ".".
    case hidden
    /// Not a regular file: a symlink, device, pipe or socket (or it vanished while listed).
    case special
    /// In a folder, without one of the `--ext` extensions.
    case otherExtension
    /// A Gleaner store folder, never walked into.
    case store
    /// A WARC record that is not an article (a request, metadata, a redirect, not HTML).
    case notArticleRecord

    /// How the summary line names a count of these.
    public func label(_ count: Int) -> String {
        switch self {
        case .duplicate: return count == 1 ? "duplicate" : "duplicates"
        case .stored: return "already stored"
        case .hidden: return "hidden"
        case .special: return count == 1 ? "symlink or special file" : "symlinks or special files"
        case .otherExtension: return "not matching --ext"
        case .store: return count == 1 ? "store folder" : "store folders"
        case .notArticleRecord:
            return count == 1 ? "WARC record that is no article" : "WARC records that are no article"
        }
    }

    public static func < (a: SkipReason, b: SkipReason) -> Bool { a.rawValue < b.rawValue }
}

/// One input left out, and why.
public struct SkippedFile: Sendable, Equatable {
    public var path: String
    public var reason: SkipReason
    /// For a duplicate: the path whose content it repeats.
    public var duplicateOf: String?

    public init(path: String, reason: SkipReason, duplicateOf: String? = nil) {
        self.path = path; self.reason = reason; self.duplicateOf = duplicateOf
    }
}

/// Skipped inputs counted by reason.
public struct SkipCounts: Sendable, Equatable {
    public private(set) var counts: [SkipReason: Int] = [:]

    public init(_ reasons: [SkipReason] = []) { for r in reasons { add(r) } }

    public mutating func add(_ reason: SkipReason, _ n: Int = 1) { if n > 0 { counts[reason, default: 0] += n } }
    public mutating func add(_ other: SkipCounts) { for (r, n) in other.counts { add(r, n) } }

    public var total: Int { counts.values.reduce(0, +) }

    /// "2 duplicates, 41 already stored, 1 hidden", in `SkipReason` order; "" when none.
    public var description: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.label($0.value))" }.joined(separator: ", ")
    }
}
