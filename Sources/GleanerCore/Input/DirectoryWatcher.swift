import Glibc

/// Reports article files as they land in watched folders (Linux inotify), for
/// `gleaner-producer --watch`.
///
/// A file counts when it is closed after writing (`IN_CLOSE_WRITE`) or moved in
/// (`IN_MOVED_TO`: the safe way to publish a file is to write it elsewhere and rename it in).
/// Folders created or moved in later are watched too, and whatever they already hold is
/// reported. The walker's rules apply: hidden names, store folders and files without one of
/// the `--ext` extensions are left out. If the kernel's event queue overflows, every folder is
/// walked again; the caller drops paths it has already seen unchanged.
///
/// Usage:
/// ```
/// let watcher = try DirectoryWatcher(roots: ["/data/incoming"], walker: FileWalker())
/// while running { for path in watcher.next(timeoutMilliseconds: 200) { plan(path) } }
/// ```
public final class DirectoryWatcher {
    public struct WatchError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Events that matter, for folders and files alike.
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF)

    private let fd: Int32
    private let walker: FileWalker
    private let roots: [String]
    private var folders: [Int32: String] = [:]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Watches every folder under `roots` (files among `roots` are ignored: they cannot grow
    /// new articles).
    public init(roots: [String], walker: FileWalker) throws(WatchError) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError(description: "inotify: \(String(cString: strerror(errno)))") }
        self.walker = walker
        self.roots = roots
        for root in roots where Self.isFolder(root) { try watchTree(root) }
        guard !folders.isEmpty else {
            close(fd)
            throw WatchError(description: "--watch needs at least one folder among the paths")
        }
    }

    deinit { close(fd) }

    /// New article files, waiting at most `timeoutMilliseconds` for the first.
    public func next(timeoutMilliseconds: Int32) -> [String] {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMilliseconds) > 0 else { return [] }
        var found: [String] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            found += events(in: n)
        }
        return found
    }

    /// Decodes `count` bytes of `inotify_event` records.
    private func events(in count: Int) -> [String] {
        var found: [String] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, event.mask, Int(event.len))
            }
            let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 { found += rescan(); continue }
            if mask & UInt32(IN_DELETE_SELF | IN_IGNORED) != 0 { folders[wd] = nil; continue }
            guard let folder = folders[wd], !nameBytes.isEmpty else { continue }
            let name = String(decoding: nameBytes, as: UTF8.self)
            found += arrived(folder + "/" + name, name: name, mask: mask)
        }
        return found
    }

    private func arrived(_ path: String, name: String, mask: UInt32) -> [String] {
        if mask & UInt32(IN_ISDIR) != 0 {
            guard mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !name.hasPrefix("."), !StoreLayout.holdsStore(path)
            else { return [] }
            try? watchTree(path)
            return (try? walker.list([path]).files) ?? []
        }
        guard mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0, walker.accepts(name: name) else { return [] }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [] }
        return [path]
    }

    /// The kernel dropped events: report everything under the roots again.
    private func rescan() -> [String] {
        for root in roots where Self.isFolder(root) { try? watchTree(root) }
        return (try? walker.list(roots.filter(Self.isFolder)).files) ?? []
    }

    private func watchTree(_ folder: String) throws(WatchError) {
        let wd = inotify_add_watch(fd, folder, Self.mask)
        guard wd >= 0 else {
            throw WatchError(description: "cannot watch \(folder): \(String(cString: strerror(errno)))")
        }
        folders[wd] = folder
        let names = (try? FileManagerNames.list(folder)) ?? []
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            if Self.isFolder(path) && !StoreLayout.holdsStore(path) { try watchTree(path) }
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}

/// Folder listing without Foundation's `FileManager` (cheap for the watcher's recursion).
enum FileManagerNames {
    static func list(_ folder: String) throws -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
