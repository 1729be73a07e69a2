import Foundation

/// The articles in one input file: the file itself, each non-blank line of a JSON Lines file,
/// or each HTML response record of a WARC file (plain or gzip).
///
/// Each article comes with its address (`feed.jsonl#line=12`, see `ArticleAddress`) and its
/// own bytes: the whole file, the JSON line (without its line end), or the WARC record's
/// header and block. Those bytes are what a worker receives and what the task id hashes.
///
/// Bounds: an article over `maxArticleBytes` becomes a `too-large` failure (its id hashed as
/// it streams past); a WARC header over 64 KiB, a damaged record or gzip stream, or a
/// decompression bomb ends the file with one `malformed` or `too-large` failure, keeping the
/// articles before it.
///
/// Usage:
/// ```
/// let counts = ArticleSource(path: "crawl.warc.gz", maxArticleBytes: 10 << 20).forEach { item in … }
/// ```
public struct ArticleSource: Sendable {
    public enum Format: String, Sendable {
        case single, jsonLines = "jsonl", warc
    }

    public enum Item: Sendable {
        case article(ArticleAddress, [UInt8])
        case failure(FailureRecord)
    }

    public struct Counts: Sendable, Equatable {
        public var articles = 0
        public var failures = 0
        /// WARC records that are not articles (requests, metadata, redirects, images…).
        public var skippedRecords = 0
    }

    public let path: String
    public let maxArticleBytes: Int
    /// Record where each container item lies so `ArticleFile.read` can fetch it again
    /// (the producer needs this; `gleaner extract` does not).
    public let remembersLocations: Bool

    public init(path: String, maxArticleBytes: Int, remembersLocations: Bool = false) {
        self.path = path
        self.maxArticleBytes = maxArticleBytes
        self.remembersLocations = remembersLocations
    }

    /// Calls `body` with each article (or failure) of the file in file order.
    @discardableResult
    public func forEach(_ body: (Item) -> Void) -> Counts {
        var counts = Counts()
        func emit(_ item: Item) {
            if case .article = item { counts.articles += 1 } else { counts.failures += 1 }
            body(item)
        }
        var (format, gzip) = Self.format(byName: path) ?? (.single, false)
        if format == .single {
            // Read once; only bytes that open like a WARC file (a rare, unnamed archive) are
            // looked at again as a container.
            switch ArticleFile.readWhole(path: path, maxBytes: maxArticleBytes) {
            case .success(let bytes):
                guard let sniffed = Self.container(path: path, prefix: bytes.prefix(8)) else {
                    emit(.article(ArticleAddress(file: path), bytes))
                    return counts
                }
                (format, gzip) = sniffed
            case .failure(let failure):
                emit(.failure(failure))
                return counts
            }
        }
        switch format {
        case .single:
            break
        case .jsonLines, .warc:
            var splitter = ContainerSplitter(path: path, gzip: gzip, maxArticleBytes: maxArticleBytes,
                                             stamp: remembersLocations ? FileStamp(path: path) : nil)
            splitter.run(format, emit: emit)
            counts.skippedRecords = splitter.skippedRecords
        }
        return counts
    }

    /// Reads one container item again, from the remembered location or by scanning the file.
    static func read(_ address: ArticleAddress, maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        let (format, gzip) = format(of: address.file)
        if let location = ContainerIndex.shared.location(of: address) {
            do {
                let stream = try ContainerStream(path: address.file, gzip: gzip, at: location)
                let bytes = try stream.take(location.length)
                if bytes.count == location.length { return .success(bytes) }
            } catch {}
        }
        var found: Result<[UInt8], FailureRecord>?
        if format != .single {
            ArticleSource(path: address.file, maxArticleBytes: maxBytes, remembersLocations: true).forEach { item in
                guard found == nil else { return }
                switch item {
                case .article(let a, let bytes) where a == address: found = .success(bytes)
                case .failure(let f) where f.source.path == address.description: found = .failure(f)
                default: break
                }
            }
        }
        return found ?? .failure(ArticleFile.unreadable(address.description, "no article at \(address) any more"))
    }

    /// The file's format: by name (`.jsonl`, `.ndjson`, `.warc`, each optionally `.gz`), else
    /// by its first bytes (`WARC/`, or gzip holding `WARC/`). - Returns: format and gzip.
    public static func format(of path: String) -> (Format, gzip: Bool) {
        if let named = format(byName: path) { return named }
        guard let handle = FileHandle(forReadingAtPath: path) else { return (.single, false) }
        let prefix = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        try? handle.close()
        return container(path: path, prefix: prefix[...]) ?? (.single, false)
    }

    /// The format its name says (`.jsonl`, `.ndjson`, `.warc`, each optionally `.gz`); nil
    /// when the name says nothing and the content decides.
    static func format(byName path: String) -> (Format, gzip: Bool)? {
        let name = path.lowercased()
        let gzip = name.hasSuffix(".gz")
        let base = gzip ? String(name.dropLast(3)) : name
        if base.hasSuffix(".jsonl") || base.hasSuffix(".ndjson") { return (.jsonLines, gzip) }
        if base.hasSuffix(".warc") { return (.warc, gzip) }
        return nil
    }

    /// A WARC archive (plain or gzip) told by its first bytes; nil for anything else.
    static func container(path: String, prefix: ArraySlice<UInt8>) -> (Format, gzip: Bool)? {
        if prefix.starts(with: WARCHeader.signature) { return (.warc, false) }
        if GzipReader.isGzip(Array(prefix)), let stream = try? ContainerStream(path: path, gzip: true),
            (try? stream.fill(WARCHeader.signature.count)) != nil, stream.unread.starts(with: WARCHeader.signature)
        {
            return (.warc, true)
        }
        return nil
    }
}

/// A file's size and modification time, so remembered locations are dropped when it changes.
struct FileStamp: Equatable, Sendable {
    var size: Int64
    var modifiedNanoseconds: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
