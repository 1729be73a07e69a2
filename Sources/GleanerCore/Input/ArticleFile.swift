import Foundation

/// Reads articles from disk with a size cap, so a huge file never fills memory.
public enum ArticleFile {
    /// Reads the article at `path`: a whole file, or an item of a container file addressed as
    /// `feed.jsonl#line=12` or `crawl.warc.gz#record=5` (`ArticleAddress`; a file that exists
    /// under the full path wins). An article over `maxBytes` yields a `too-large` failure whose
    /// id is the SHA-256 of its bytes, hashed in streaming fashion.
    public static func read(path: String, maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        let address = ArticleAddress(parsing: path)
        if address.item != nil && !FileManager.default.fileExists(atPath: path) {
            return ArticleSource.read(address, maxBytes: maxBytes)
        }
        return readWhole(path: path, maxBytes: maxBytes)
    }

    /// Reads the whole file if it has at most `maxBytes` bytes. An oversize file yields a
    /// `too-large` failure whose id is the SHA-256 of its bytes, hashed in streaming fashion
    /// (of its first `maxBytes + 1` bytes for a pipe or device, which may never end). Errors
    /// are plain sentences ("Is a directory"), never Foundation dumps.
    static func readWhole(path: String, maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        let fd = openForReading(path)
        guard fd >= 0 else {
            return .failure(unreadable(path, "cannot open file: \(String(cString: strerror(errno)))"))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return .failure(unreadable(path, "cannot open file: \(String(cString: strerror(errno)))"))
        }
        if info.st_mode & S_IFMT == S_IFDIR { close(fd); return .failure(unreadable(path, "is a folder, not a file")) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG && size <= maxBytes {
            // The common case, kept to open, fstat, read and close: no file handle object.
            defer { close(fd) }
            do { return .success(try readRegular(fd, size: size)) } catch {
                return .failure(unreadable(path, "read error: \(PlainError.sentence(error))"))
            }
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            guard info.st_mode & S_IFMT == S_IFREG else {
                return try readStream(handle, path: path, maxBytes: maxBytes)
            }
            let id = try streamingHash(handle)
            return .failure(tooLarge(id: id, path: path, size: size, maxBytes: maxBytes))
        } catch {
            return .failure(unreadable(path, "read error: \(PlainError.sentence(error))"))
        }
    }

    /// `O_NOATIME` (Linux, `<fcntl.h>`; the Glibc module does not export it): read without
    /// updating the file's access time, which otherwise costs an inode write per article.
    private static let openNoAccessTime: Int32 = 0o1_000_000

    /// Opens `path` read-only, without touching its access time where the kernel allows it (a
    /// file the process owns, or any file for root); anyone else's file opens as usual.
    private static func openForReading(_ path: String) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC | openNoAccessTime)
        guard fd < 0 && errno == EPERM else { return fd }
        return open(path, O_RDONLY | O_CLOEXEC)
    }

    /// The bytes of a regular file of `size` bytes (its size when opened), read straight into
    /// the array's uninitialized storage; a file that shrank meanwhile gives what is there.
    private static func readRegular(_ fd: Int32, size: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let n = Glibc.read(fd, buffer.baseAddress! + initialized, size - initialized)
                if n > 0 { initialized += n } else if n < 0 && errno == EINTR { continue } else if n < 0 {
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                } else { break }
            }
        }
    }

    /// Reads one article from standard input (`gleaner extract -`), at most `maxBytes` of it.
    public static func readStandardInput(maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        do {
            return try readStream(FileHandle.standardInput, path: "-", maxBytes: maxBytes)
        } catch {
            return .failure(unreadable("-", "read error on standard input: \(PlainError.sentence(error))"))
        }
    }

    /// A pipe or device: read up to one byte past the limit.
    private static func readStream(_ handle: FileHandle, path: String, maxBytes: Int) throws
        -> Result<[UInt8], FailureRecord>
    {
        var bytes: [UInt8] = []
        while bytes.count <= maxBytes,
            let chunk = try handle.read(upToCount: min(1 << 20, maxBytes + 1 - bytes.count)), !chunk.isEmpty
        {
            bytes.append(contentsOf: chunk)
        }
        guard bytes.count > maxBytes else { return .success(bytes) }
        return .failure(
            tooLarge(id: ContentHash.hex(of: bytes), path: path, size: bytes.count, maxBytes: maxBytes, atLeast: true))
    }

    private static func tooLarge(id: String, path: String, size: Int, maxBytes: Int, atLeast: Bool = false)
        -> FailureRecord
    {
        FailureRecord(
            id: id, source: .init(path: path, bytes: size), reason: .tooLarge,
            detail: "file has \(atLeast ? "more than \(maxBytes)" : String(size)) bytes, over the limit of \(maxBytes)")
    }

    private static func streamingHash(_ handle: FileHandle) throws -> String {
        var hasher = ContentHash.Streaming()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update([UInt8](chunk))
        }
        return hasher.finalizeHex()
    }

    /// An unreadable file has no content hash; its id hashes the path instead, prefixed so it
    /// can never collide with a content id.
    static func unreadable(_ path: String, _ detail: String) -> FailureRecord {
        let id = "path-" + ContentHash.hex(of: Array(path.utf8))
        return FailureRecord(id: id, source: .init(path: path, bytes: 0), reason: .unreadable, detail: detail)
    }
}
