/// One direction of a proxied connection: the bytes read from the source wait here until
/// their delivery time, then leave for the destination in exactly the order they were read.
///
/// A chunk is due no earlier than the chunk read before it, so jitter delays bytes but never
/// reorders them. The end of the stream (the source shut its side) is queued like a chunk:
/// it is delivered after every byte before it. Times are monotonic nanoseconds.
struct TimedByteQueue {
    /// What a write attempt did with the bytes offered to it.
    enum WriteResult: Equatable {
        /// This many bytes (at least one) were taken.
        case wrote(Int)
        /// The destination takes nothing now (its buffer is full): try again when it is writable.
        case wouldBlock
        /// The destination failed with this errno: the connection is broken.
        case failed(Int32)
    }

    /// Where a delivery attempt left the queue.
    enum Delivery: Equatable {
        /// Nothing more is due yet (the queue may hold bytes due later).
        case idle
        /// The destination is full: wait until it is writable.
        case blocked
        /// The end of the stream is due and every byte before it has gone: shut the
        /// destination's write side.
        case endReached
        /// The destination failed with this errno.
        case failed(Int32)
    }

    private struct Chunk {
        var bytes: [UInt8]
        var due: Int
    }

    private var chunks: [Chunk] = []
    /// Index of the first chunk not yet fully written; earlier slots are spent.
    private var head = 0
    /// Bytes of `chunks[head]` already written.
    private var offset = 0
    /// When the end of the stream is due; nil while the source is still open.
    private var endDue: Int?
    /// The end has been handed over (`deliver` returned `.endReached`): nothing is left.
    private var endDelivered = false
    private var lastDue = Int.min
    /// Bytes read but not yet written: the proxy stops reading the source above a limit, so a
    /// slow or delayed destination pushes back on the sender as a real link would.
    private(set) var queuedBytes = 0
    /// Bytes written to the destination so far.
    private(set) var deliveredBytes = 0

    /// Queues bytes read from the source, due at `due` (or when the chunk before them is, if later).
    mutating func append(_ bytes: [UInt8], due: Int) {
        guard !bytes.isEmpty, endDue == nil else { return }
        lastDue = max(lastDue, due)
        chunks.append(Chunk(bytes: bytes, due: lastDue))
        queuedBytes += bytes.count
    }

    /// Queues the end of the stream, due after every byte already queued.
    mutating func appendEnd(due: Int) {
        guard endDue == nil else { return }
        lastDue = max(lastDue, due)
        endDue = lastDue
    }

    /// True once the end was queued: nothing more will be appended.
    var isEnded: Bool { endDue != nil }

    /// When the next undelivered item (bytes or the end) is due; nil when nothing is left.
    var nextDue: Int? { head < chunks.count ? chunks[head].due : (endDelivered ? nil : endDue) }

    /// Writes every byte due at `now`, oldest first, through `write`, until nothing more is
    /// due or the destination stops taking bytes. Reports `.endReached` once, when the end is
    /// due and every byte before it has gone.
    mutating func deliver(now: Int, write: (UnsafeRawBufferPointer) -> WriteResult) -> Delivery {
        while head < chunks.count {
            guard chunks[head].due <= now else { return .idle }
            let result = chunks[head].bytes.withUnsafeBytes { all in
                write(UnsafeRawBufferPointer(rebasing: all[offset...]))
            }
            switch result {
            case .wouldBlock: return .blocked
            case .failed(let code): return .failed(code)
            case .wrote(let count):
                offset += count
                queuedBytes -= count
                deliveredBytes += count
                if offset == chunks[head].bytes.count { advance() }
            }
        }
        guard let endDue, endDue <= now, !endDelivered else { return .idle }
        endDelivered = true
        return .endReached
    }

    /// Moves past a fully written chunk, dropping spent slots now and then so the array does
    /// not grow with the life of the connection.
    private mutating func advance() {
        chunks[head].bytes = []
        head += 1
        offset = 0
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
    }
}
