import Glibc

/// One writer per store: an exclusive `flock(2)` on `DIR/store.lock`, held for as long as
/// the writer lives. The kernel drops it when the process ends, however it ends, so a
/// killed collector never leaves a stale lock. Readers (`StoreReader`) take no lock.
final class StoreLock {
    private let fd: Int32

    /// Takes the lock at once or throws `locked`, naming the holder's pid when it wrote one.
    init(_ layout: StoreLayout) throws(StoreError) {
        let path = layout.lockFile
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.holder(fd)
            close(fd)
            if code == EWOULDBLOCK { throw .locked(path: layout.root, holder: holder) }
            throw .io(operation: "lock", path: path, errno: code)
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
    }

    deinit { close(fd) }

    /// The pid the current holder wrote into the lock file, if any.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").first.flatMap { Int32($0) }
    }
}

/// Checks a writer makes before it trusts a store's derived files: the journal must still
/// hold everything the last checkpoint and the article index say was committed. A journal
/// deleted or cut short under them would otherwise load with wrong counts, silently.
enum JournalCheck {
    /// Throws `journalLost` when the journal ends before the last checkpoint's position or
    /// before the last record the article index points at.
    static func verify(_ layout: StoreLayout, checkpoint: Checkpoint?) throws(StoreError) {
        var sizes: [Int: Int] = [:]
        for number in layout.segmentNumbers() {
            var info = stat()
            if stat(layout.segment(number), &info) == 0 { sizes[number] = Int(info.st_size) }
        }
        if let checkpoint, checkpoint.journal.offset > 0 || checkpoint.journal.segment > 1 {
            let p = checkpoint.journal
            if let missing = (1...p.segment).first(where: { sizes[$0] == nil }) {
                throw .journalLost(
                    path: layout.root,
                    detail: "\(layout.segment(missing)) is missing, but the last checkpoint covers it")
            }
            if sizes[p.segment]! < p.offset {
                throw .journalLost(
                    path: layout.root,
                    detail: "\(layout.segment(p.segment)) ends at byte \(sizes[p.segment]!), but the "
                        + "last checkpoint covers \(p.offset) bytes of it "
                        + "(\(checkpoint.stats.articles + checkpoint.stats.failures) records)"
                )
            }
        }
        if let last = lastRow(layout.articlesIndex), (sizes[last.segment] ?? -1) < last.offset + last.length {
            throw .journalLost(
                path: layout.root,
                detail: "the article index holds a record at byte \(last.offset) of "
                    + "\(layout.segment(last.segment)), which now ends at byte \(sizes[last.segment] ?? 0)")
        }
    }

    /// The journal position of the last complete line of `index/articles.tsv` (read from its tail).
    private static func lastRow(_ path: String) -> Journal.Position? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size), window = min(size, 64 * 1024)
        var bytes = [UInt8](repeating: 0, count: window)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, window, off_t(size - window)) }
        guard n == window, let end = bytes.lastIndex(of: 0x0A) else { return nil }
        let start = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let f = TSV.fields(bytes[start..<end])
        guard f.count == 7, let segment = Int(f[2]), let offset = Int(f[3]), let length = Int(f[4]) else { return nil }
        return Journal.Position(segment: segment, offset: offset, length: length)
    }
}
