import Foundation
import Logging

/// Feeds synthetic results through the collector's store (`ArticleStore.commit` in batches
/// of 512, exactly as the collector does after receiving them) and reports throughput,
/// checkpoint time and peak RSS at milestones.
///
/// Results are derived from real extracted articles: record i is base article i mod n with
/// a fresh id, and 5 % of its PERSON/ORG entities renamed into one of √i variants, so the
/// number of distinct entities keeps growing as in a real corpus.
public struct StoreBenchmark {
    public struct Milestone: Sendable {
        public var articles: Int
        public var seconds: Double
        public var recordsPerSecond: Double
        public var checkpointSeconds: Double
        public var distinctEntities: Int
        public var peakRSSMegabytes: Double
        public var storeMegabytes: Double
        /// CPU seconds per thread name since the run started (through a collector only).
        public var threadSeconds: [String: Double] = [:]
    }

    public let base: [ArticleRecord]
    public let storePath: String
    public let milestones: [Int]

    public init(base: [ArticleRecord], storePath: String, milestones: [Int]) {
        self.base = base; self.storePath = storePath; self.milestones = milestones.sorted()
    }

    /// Records per second decoded by the collector's scanner (a lenient read, as a store is
    /// read back; and the schema check the collector runs on what peers send, reusing each
    /// summary's arrays as the collector does) and by `JSONDecoder`, side by side.
    public func decodeRates(rounds: Int = 3) -> (scanner: Double, validated: Double, foundation: Double) {
        let records = base.map { $0.jsonBytes() }
        func rate(_ decode: ([UInt8]) -> Bool) -> Double {
            let start = MonotonicClock.nanoseconds()
            var decoded = 0
            for _ in 0..<rounds { for r in records where decode(r) { decoded += 1 } }
            return Double(decoded) / (Double(MonotonicClock.nanoseconds() - start) / 1e9)
        }
        var spare = RecordSummary.Buffers()
        let validated = rate { json in
            var taken = RecordSummary.Buffers()
            swap(&taken, &spare)
            let validated = RecordSummary.validated(json, reusing: consume taken)
            guard case .success(let summary) = validated else { return false }
            spare = summary.buffers()
            return true
        }
        return (
            rate { RecordSummary.decode($0) != nil }, validated, rate { RecordSummary.decodeWithFoundation($0) != nil }
        )
    }

    public func run(report: (Milestone) -> Void) throws {
        let store = try ArticleStore(root: storePath)
        let total = milestones.last ?? 0
        var timed = 0.0
        // The collector's policy, on the clock of timed work (generating records is not timed).
        var policy = CheckpointPolicy(intervalMilliseconds: 5_000, now: 0)
        var batch: [(summary: RecordSummary, json: [UInt8])] = []
        var next = 0
        for i in 0..<total {
            timed += try add(i, of: total, extractorVersion: ExtractorIdentity.version, to: &batch, store: store)
            if policy.isDue(now: Int(timed * 1000)) {
                let seconds = try store.checkpoint() ?? 0
                timed += seconds
                policy.checkpointed(now: Int(timed * 1000), seconds: seconds)
            }
            if i + 1 == milestones[next] {  // as the collector stops: with the co-occurrence lists
                let checkpoint = try store.checkpoint(final: true) ?? 0
                timed += checkpoint
                policy.checkpointed(now: Int(timed * 1000), seconds: checkpoint)
                report(
                    Milestone(
                        articles: i + 1, seconds: timed, recordsPerSecond: Double(i + 1) / timed,
                        checkpointSeconds: checkpoint, distinctEntities: store.aggregate.bases.count,
                        peakRSSMegabytes: ProcessMemory.peakResidentMegabytes(),
                        storeMegabytes: Self.megabytes(storePath)))
                next += 1
            }
        }
    }

    /// Makes record `i` of `total`, decodes it into `batch`, and commits the batch once it holds
    /// 512 records or `i` is the last, as the collector does. - Returns: seconds the decode and
    /// commit took (making the record is not timed).
    private func add(
        _ i: Int, of total: Int, extractorVersion: Int, to batch: inout [(summary: RecordSummary, json: [UInt8])],
        store: ArticleStore
    ) throws -> Double {
        let json = synthesize(i, extractorVersion: extractorVersion)
        let started = MonotonicClock.nanoseconds()
        if let summary = RecordSummary.decode(json) { batch.append((summary, json)) }
        if batch.count == 512 || i == total - 1 {
            _ = try store.commit(batch)
            batch.removeAll(keepingCapacity: true)
        }
        return Double(MonotonicClock.nanoseconds() - started) / 1e9
    }

    func synthesize(_ i: Int, extractorVersion: Int = ExtractorIdentity.version) -> [UInt8] {
        var record = base[i % base.count]
        record.extractorVersion = extractorVersion
        record.id = ContentHash.hex(of: Array("synthetic \(i)".utf8))
        record.source.path = "synthetic/\(i).txt"
        let variants = max(1, Int(Double(i).squareRoot()))
        for e in record.entities.indices where record.entities[e].type == .person || record.entities[e].type == .org {
            var h = UInt64(truncatingIfNeeded: i &* 2_654_435_761 &+ e &* 40_503)
            h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
            if h % 20 == 0 { record.entities[e].name += " \(Int(h >> 8) % variants)" }
        }
        return record.jsonBytes()
    }

    /// What an upgrade costs the store, beside what storing the articles cost in the first place.
    public struct UpgradeFigures: Sendable {
        public var articles: Int
        /// Committing the articles the first time (journal, merge, indexes), and a checkpoint after.
        public var commitSeconds: Double
        public var checkpointSeconds: Double
        /// Committing a newer extractor version of every article (journaled, held out).
        public var replaceSeconds: Double
        /// `applyReplacements`: the rebuild from the journal, with its checkpoint.
        public var rebuildSeconds: Double
    }

    /// Commits `milestones.last` records, checkpoints, commits each again as the next extractor
    /// version, then applies the replacements; times each step (making records is not timed).
    public func runUpgrade() throws -> UpgradeFigures {
        let store = try ArticleStore(root: storePath)
        let total = milestones.last ?? 0
        func commitAll(version: Int) throws -> Double {
            var batch: [(summary: RecordSummary, json: [UInt8])] = []
            var timed = 0.0
            for i in 0..<total { timed += try add(i, of: total, extractorVersion: version, to: &batch, store: store) }
            return timed
        }
        let version = ExtractorIdentity.version
        let commit = try commitAll(version: version)
        let checkpoint = try store.checkpoint() ?? 0
        let replace = try commitAll(version: version + 1)
        let rebuild = try store.applyReplacements() ?? 0
        return UpgradeFigures(
            articles: total, commitSeconds: commit, checkpointSeconds: checkpoint,
            replaceSeconds: replace, rebuildSeconds: rebuild)
    }

    static func megabytes(_ path: String) -> Double {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        while let name = walker.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int) ?? 0
        }
        return Double(total) / 1_048_576
    }
}

extension StoreBenchmark {
    /// One real record, serialized once, whose id is rewritten in place for each send.
    struct RecordTemplate {
        var json: [UInt8]
        /// Where the 64 hex digits of the id sit in `json`.
        let id: Range<Int>

        init?(_ record: ArticleRecord) {
            let json = record.jsonBytes()
            let key = Array("\"id\":\"".utf8)
            guard json.count > key.count + 64,
                let at = (0...(json.count - key.count)).first(where: { json[$0..<$0 + key.count].elementsEqual(key) }),
                at + key.count + 64 <= json.count
            else { return nil }
            self.json = json
            id = at + key.count..<at + key.count + 64
        }

        /// The record with the id of task `digest` (32 bytes).
        mutating func record(id digest: [UInt8]) -> [UInt8] {
            let hex = Array(ContentHash.hexString(digest).utf8)
            json.replaceSubrange(id, with: hex)
            return json
        }
    }

    /// Real records sent over ZeroMQ to a real `Collector` as workers send them, counting its
    /// `committed` acks: the collector's receive, schema check (`RecordSummary.validated`),
    /// group commit with fsync, indexing, merge, checkpoints (with the merged view) and acks.
    ///
    /// The records are the extracted base articles, each sent again and again under a fresh
    /// id (SHA-256 of its sequence number), serialized once before the clock starts; the
    /// sender (this thread) only rewrites the id and sends, as a worker does after extracting.
    /// The collector runs on its own thread and owns its socket.
    /// - Parameter window: results sent but not yet acked, at most.
    public func runThroughCollector(endpoint: String, window: Int = 4_096, report: (Milestone) -> Void) throws {
        var templates = base.compactMap(RecordTemplate.init)
        guard !templates.isEmpty else { return }
        let ready = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let storePath = storePath
        // The collector is created on, and owned by, its own thread (sockets have one owner).
        let thread = Thread {
            ThreadName.set("collector")
            do {
                let collector = try Collector(
                    .init(storePath: storePath, bindEndpoint: endpoint), logger: .init(label: "bench.collector"))
                ready.signal()
                try collector.run()
            } catch {
                StandardStreams.writeLine("collector stopped: \(error)", fd: 2)
                ready.signal()
            }
            finished.signal()
        }
        thread.start()
        ready.wait()

        let context = ZMQContext()
        let socket = try ZMQSocket(context, .dealer)
        try socket.setHighWaterMarks(send: 100_000, receive: 100_000)
        try socket.connect(endpoint)
        let runID = RunID.make()
        try socket.send(WireMessage.hello(runID: runID).frames)
        let runIDBytes = Array(runID.utf8)
        let resultHeader = WireMessage.result(
            taskID: try TaskID(bytes: [UInt8](repeating: 0, count: 32)), runID: runID, record: []
        ).frames
        let total = milestones.last ?? 0
        var sent = 0, acked = 0, next = 0
        ThreadName.set("sender")
        let cpuAtStart = ThreadCPU.secondsByName()
        let started = MonotonicClock.nanoseconds()
        var poller = ZMQPoller([socket])
        while acked < total {
            while sent < total && sent - acked < window {
                let digest = ContentHash.digest(of: Array("collector bench \(sent)".utf8))
                let record = templates[sent % templates.count].record(id: digest)
                try socket.send([resultHeader[0], resultHeader[1], digest, runIDBytes, record])
                sent += 1
            }
            guard try poller.poll(timeoutMilliseconds: 1_000)[0] else { continue }
            while let frames = try socket.receive(dontWait: true) {
                guard case .committed(_, let ids, _)? = try? WireMessage(frames: frames) else { continue }
                acked += ids.count
                while next < milestones.count && acked >= milestones[next] {
                    let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
                    let cpu = ThreadCPU.secondsByName().mapValues { $0 }.merging(
                        cpuAtStart.mapValues { -$0 }, uniquingKeysWith: +)
                    report(
                        Milestone(
                            articles: milestones[next], seconds: seconds,
                            recordsPerSecond: Double(milestones[next]) / seconds,
                            checkpointSeconds: 0, distinctEntities: 0,
                            peakRSSMegabytes: ProcessMemory.peakResidentMegabytes(),
                            storeMegabytes: Self.megabytes(storePath),
                            threadSeconds: cpu))
                    next += 1
                }
            }
        }
        socket.close()
        StopSignal.request()
        finished.wait()
    }
}

/// CPU time of this process's threads, by thread name (`/proc/self/task/*/stat`): what a
/// benchmark on a shared machine can still measure exactly when other work slows it down.
public enum ThreadCPU {
    /// User + system seconds per thread name, summed over threads of the same name.
    public static func secondsByName() -> [String: Double] {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var out: [String: Double] = [:]
        for task in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [] {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { continue }
            let name = String(stat[stat.index(after: open)..<close])
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the name: state is field 3; utime and stime are fields 14 and 15.
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            out[name, default: 0] += (user + system) / ticks
        }
        return out
    }
}
