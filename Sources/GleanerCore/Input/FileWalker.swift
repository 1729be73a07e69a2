import Foundation

/// Expands the producer's PATH arguments into article files.
///
/// Folders are walked recursively, in sorted order so runs are reproducible. Hidden files
/// and folders (name starting with "."), anything that is not a regular file, and, when
/// `extensions` is set, files found in folders without one of those extensions are skipped
/// and counted. Files named explicitly are always taken. A PATH that does not exist is an
/// error: it is almost always a typo.
public struct FileWalker: Sendable {
    public struct Listing: Sendable, Equatable {
        public var files: [String] = []
        public var skipped = 0
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
                walk(path, into: &listing)
            } else {
                listing.files.append(path)
            }
        }
        return listing
    }

    private func walk(_ directory: String, into listing: inout Listing) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for name in names {
            if name.hasPrefix(".") { listing.skipped += 1; continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { listing.skipped += 1; continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(path, into: &listing)
            case S_IFREG:
                if let extensions, !extensions.contains(Self.extensionOf(name)) { listing.skipped += 1 } else { listing.files.append(path) }
            default: listing.skipped += 1
            }
        }
    }

    static func extensionOf(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
