/// Splits a JSON Lines or WARC file into its articles for `ArticleSource`.
struct ContainerSplitter {
    let path: String
    let gzip: Bool
    let maxArticleBytes: Int
    /// Set when item locations are to be remembered in `ContainerIndex`.
    let stamp: FileStamp?
    private(set) var skippedRecords = 0

    init(path: String, gzip: Bool, maxArticleBytes: Int, stamp: FileStamp?) {
        self.path = path
        self.gzip = gzip
        self.maxArticleBytes = maxArticleBytes
        self.stamp = stamp
    }

    /// Emits every item; an error that stops the file becomes one failure for the item where
    /// it happened.
    mutating func run(_ format: ArticleSource.Format, emit: (ArticleSource.Item) -> Void) {
        var position = 0
        var stream: ContainerStream?
        do {
            stream = try ContainerStream(path: path, gzip: gzip)
            switch format {
            case .jsonLines: try lines(stream!, position: &position, emit: emit)
            case .warc: try records(stream!, position: &position, emit: emit)
            case .single: preconditionFailure("single files are not split")
            }
        } catch {
            // A damaged gzip stream shows first as a record cut short: name the real cause.
            let error = stream?.deferredError ?? error
            let item: ArticleAddress.Item = format == .warc ? .record(max(1, position)) : .line(max(1, position))
            let address = ArticleAddress(file: path, item: item)
            var detail = error.description
            if position > 0 { detail = "\(format == .warc ? "record" : "line") \(position): " + detail }
            detail += "; the rest of the file is not read"
            emit(.failure(Self.failure(at: address, error.failureReason, detail)))
        }
    }

    // MARK: JSON Lines

    private func lines(_ stream: ContainerStream, position line: inout Int,
                       emit: (ArticleSource.Item) -> Void) throws(InputError) {
        let limit = maxArticleBytes + 2  // the line, a CR and the LF
        while try !stream.atEnd {
            line += 1
            let address = ArticleAddress(file: path, item: .line(line))
            let start = stream.location(length: 0)
            let length: Int
            if let newline = try stream.find([0x0A], within: limit) {
                length = newline
            } else if stream.available < limit {
                length = stream.available  // the last line has no line end
            } else {
                emit(.failure(try tooLong(stream, address: address)))
                continue
            }
            var bytes = try stream.take(length)
            try stream.skip(1)
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if bytes.count > maxArticleBytes {
                let id = ContentHash.hex(of: bytes)
                emit(.failure(Self.tooLarge(address, bytes: bytes.count, id: id, limit: maxArticleBytes)))
                continue
            }
            remember(address, ContainerLocation(member: start.member, offset: start.offset, length: bytes.count))
            emit(.article(address, bytes))
        }
    }

    /// Streams past a line longer than the limit, hashing it. - Returns: its failure record.
    private func tooLong(_ stream: ContainerStream, address: ArticleAddress) throws(InputError) -> FailureRecord {
        var hasher = ContentHash.Streaming()
        var length = 0
        while true {
            if let newline = try stream.find([0x0A], within: 1 << 20) {
                length += try stream.skip(newline, hashing: &hasher)
                try stream.skip(1)
                break
            }
            let chunk = try stream.fill(1 << 20)
            if chunk == 0 { break }
            length += try stream.skip(chunk, hashing: &hasher)
        }
        return Self.tooLarge(address, bytes: length, id: hasher.finalizeHex(), limit: maxArticleBytes)
    }

    // MARK: WARC

    private mutating func records(_ stream: ContainerStream, position record: inout Int,
                                  emit: (ArticleSource.Item) -> Void) throws(InputError) {
        while true {
            while try !stream.atEnd, let first = stream.unread.first, first == 0x0D || first == 0x0A {
                try stream.skip(1)
            }
            if try stream.atEnd { return }
            record += 1
            let address = ArticleAddress(file: path, item: .record(record))
            try stream.fill(WARCHeader.maxBytes)
            guard let end = WARCHeader.end(in: stream.unread.prefix(WARCHeader.maxBytes)) else {
                throw .malformed("no end of WARC header within \(WARCHeader.maxBytes) bytes")
            }
            let header = try WARCHeader(parsing: stream.unread.prefix(end.header))
            let total = end.block + (try header.contentLength())
            try stream.fill(min(total, end.block + HTTPResponseHead.maxBytes))
            let blockPrefix = stream.unread.dropFirst(end.block).prefix(total - end.block)
            guard case .article = WARCRecordKind.of(header, blockPrefix: blockPrefix) else {
                guard try stream.skip(total) == total else { throw .malformed("the WARC record is cut short") }
                skippedRecords += 1
                continue
            }
            if total > maxArticleBytes {
                var hasher = ContentHash.Streaming()
                guard try stream.skip(total, hashing: &hasher) == total else {
                    throw .malformed("the WARC record is cut short")
                }
                emit(.failure(Self.tooLarge(address, bytes: total, id: hasher.finalizeHex(), limit: maxArticleBytes)))
                continue
            }
            let location = stream.location(length: total)
            let bytes = try stream.take(total)
            guard bytes.count == total else { throw .malformed("the WARC record is cut short") }
            remember(address, location)
            emit(.article(address, bytes))
        }
    }

    // MARK: Helpers

    private func remember(_ address: ArticleAddress, _ location: ContainerLocation) {
        if let stamp { ContainerIndex.shared.remember(address, at: location, stamp: stamp) }
    }

    static func tooLarge(_ address: ArticleAddress, bytes: Int, id: String, limit: Int) -> FailureRecord {
        FailureRecord(id: id, source: .init(path: address.description, bytes: bytes), reason: .tooLarge,
                      detail: "article has \(bytes) bytes, over the limit of \(limit)")
    }

    /// A failure at an address whose bytes cannot be had: its id hashes the address.
    static func failure(at address: ArticleAddress, _ reason: FailureReason, _ detail: String) -> FailureRecord {
        FailureRecord(id: "path-" + ContentHash.hex(of: Array(address.description.utf8)),
                      source: .init(path: address.description, bytes: 0), reason: reason, detail: detail)
    }
}
