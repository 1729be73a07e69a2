/// Checks a store against the files a run was given: every unique input stored exactly once,
/// failure records only where failing is allowed. What fault drills and tests assert after a
/// run. An id's records of older extractor versions, replaced by a newer one (an upgrade), are
/// not copies: only the newest version counts, and a second record of one version is a duplicate.
public struct StoreAudit: Sendable, Equatable {
    /// Unique inputs (by task id) the walker listed.
    public var expected = 0
    /// Inputs stored exactly once (as an article or a failure record).
    public var storedOnce = 0
    /// Extra copies of a stored id at one extractor version.
    public var duplicates = 0
    /// Inputs with no record.
    public var lost: [String] = []
    /// Records whose id matches no input.
    public var unexpected = 0
    /// Failure records by reason.
    public var failures: [String: Int] = [:]
    /// Failure records for inputs that had to become articles.
    public var innocentFailures: [String] = []

    public init(expected: Int = 0) { self.expected = expected }

    public var isClean: Bool { duplicates == 0 && lost.isEmpty && unexpected == 0 && innocentFailures.isEmpty }

    /// One line for a drill's report.
    public var line: String {
        let reasons = failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return
            "stored \(storedOnce)/\(expected), duplicates \(duplicates), lost \(lost.count), unexpected \(unexpected), "
            + "failures {\(reasons)}, innocent failures \(innocentFailures.count)"
    }

    /// Audits the store at `root` against `paths` (files and folders, walked and split as the
    /// producer does). Inputs whose path is in `mayFail` may end as failure records.
    public static func audit(
        store root: String, paths: [String], mayFail: Set<String>,
        maxArticleBytes: Int = ArticleInput.defaultMaxBytes
    ) throws -> StoreAudit {
        let files = try FileWalker().list(paths).files
        let plan = ProducerPlan(files: files, maxArticleBytes: maxArticleBytes)
        var expectedPaths: [TaskID: String] = [:]
        for task in plan.tasks { expectedPaths[task.id] = task.path }
        var audit = StoreAudit(expected: expectedPaths.count)
        /// Per id: records per extractor version, and the newest one (failed, reason).
        var seen: [TaskID: [Int: Int]] = [:]
        var newest: [TaskID: (version: Int, failed: Bool, reason: String?)] = [:]
        try Journal.replay(StoreLayout(root: root), repair: false) { line, _ in
            guard let record = RecordSummary.decode(line), let id = TaskID(recordID: record.id) else {
                audit.unexpected += 1
                return
            }
            seen[id, default: [:]][record.extractorVersion, default: 0] += 1
            guard expectedPaths[id] != nil else { audit.unexpected += 1; return }
            if (newest[id]?.version ?? -1) < record.extractorVersion {
                newest[id] = (record.extractorVersion, record.isFailure, record.reason)
            }
        }
        for (id, input) in expectedPaths {
            let counts = seen[id] ?? [:]
            guard let last = newest[id] else { audit.lost.append(input); continue }
            audit.storedOnce += 1
            audit.duplicates += counts.values.reduce(0) { $0 + $1 - 1 }
            guard last.failed else { continue }
            audit.failures[last.reason ?? "?", default: 0] += 1
            // A container's item (feed.jsonl#line=3) may fail when its file may.
            let file = input.split(separator: "#", maxSplits: 1).first.map(String.init) ?? input
            if !mayFail.contains(input) && !mayFail.contains(file) { audit.innocentFailures.append(input) }
        }
        audit.lost.sort()
        return audit
    }
}
