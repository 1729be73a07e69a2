import Foundation
@testable import GleanerCore
import GleanerTestSupport
import XCTest

/// Base class of the integration tests: gives each test harnesses whose children's stderr
/// logs are printed when the test fails, and whose children are killed at teardown.
class IntegrationTestCase: XCTestCase {
    private var harnesses: [ProcessHarness] = []

    func makeHarness() throws -> ProcessHarness {
        let harness = try ProcessHarness(name: name)
        harnesses.append(harness)
        return harness
    }

    /// Checks the store against the inputs (`StoreAudit`): every unique input stored exactly
    /// once, failure records only for inputs in `mayFail`.
    @discardableResult
    func assertClean(
        _ store: URL, inputs: [String], mayFail: Set<String> = [], file: StaticString = #filePath, line: UInt = #line
    ) throws -> StoreAudit {
        let audit = try StoreAudit.audit(store: store.path, paths: inputs, mayFail: mayFail)
        XCTAssertTrue(
            audit.isClean, audit.line + " lost: \(audit.lost.prefix(5)) innocent: \(audit.innocentFailures)",
            file: file, line: line)
        return audit
    }

    override func tearDown() {
        if let run = testRun, run.totalFailureCount > 0 {
            for harness in harnesses { harness.printLogs() }
        }
        harnesses.removeAll()
        super.tearDown()
    }
}

/// Starts the package's real executables as child processes for integration tests.
///
/// Binaries are found beside the test bundle (`swift test` builds them into the same
/// folder); `GLEANER_BIN_DIR` overrides. Each child's stderr goes to its own log file, which
/// `printLogs()` shows (a failing test prints them). Every process started is killed at
/// teardown, so a failing test never leaves strays behind.
final class ProcessHarness {
    final class Child {
        let process = Process()
        let name: String
        let logPath: String
        private let output = Pipe()
        private var buffer: [UInt8] = []
        private(set) var lines: [String] = []

        init(name: String, logPath: String) { self.name = name; self.logPath = logPath }

        /// Everything the child wrote to stderr so far.
        var errorText: String { log }

        var pid: Int32 { process.processIdentifier }
        var isRunning: Bool { process.isRunning }

        /// Reads stdout lines until one starts with `prefix`; nil after `timeout` s or at EOF.
        func awaitLine(startingWith prefix: String, timeout: Double = 20) -> String? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                guard let line = nextLine(until: deadline) else { return nil }
                lines.append(line)
                if line.hasPrefix(prefix) { return line }
            }
            return nil
        }

        private func nextLine(until deadline: Date) -> String? {
            let fd = output.fileHandleForReading.fileDescriptor
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[..<newline], as: UTF8.self)
                    buffer.removeSubrange(...newline)
                    return line
                }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
                guard remaining > 0, poll(&pfd, 1, remaining) > 0 else { return nil }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = read(fd, &chunk, chunk.count)
                guard n > 0 else { return nil }
                buffer.append(contentsOf: chunk[0..<n])
            }
        }

        fileprivate func start(
            _ url: URL, _ arguments: [String], environment: [String: String],
            input: Data?
        ) throws {
            process.executableURL = url
            process.arguments = arguments
            process.standardOutput = output
            guard FileManager.default.createFile(atPath: logPath, contents: nil),
                let log = FileHandle(forWritingAtPath: logPath)
            else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logPath]) }
            process.standardError = log
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            }
            let pipe = input.map { _ in Pipe() }
            if let pipe { process.standardInput = pipe }
            try process.run()
            if let pipe, let input {
                pipe.fileHandleForWriting.write(input)
                try pipe.fileHandleForWriting.close()
            }
        }

        func signal(_ sig: Int32) { if process.isRunning { kill(process.processIdentifier, sig) } }

        /// Waits for exit up to `timeout` seconds; kills the process and returns nil on timeout.
        func wait(timeout: Double = 60) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return nil }
            return process.terminationStatus
        }

        /// Where a child started with `--metrics` serves them (`http://HOST:PORT/metrics`), from
        /// the line it prints on stdout.
        func metricsURL() throws -> String {
            let prefix = "\(name): metrics on "
            let line = lines.first { $0.hasPrefix(prefix) } ?? awaitLine(startingWith: prefix)
            return String(try XCTUnwrap(line, "\(name) printed no metrics line").dropFirst(prefix.count))
        }

        /// The child's stderr so far.
        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    }

    let binaries: URL
    /// The children's logs and files. Removed in `deinit`, once the children are stopped, not by a
    /// test teardown block: those run before `tearDown`, which prints the logs of a failing test.
    let folder: URL
    private let testName: String
    private(set) var children: [Child] = []

    init(name: String = "test") throws {
        testName = name
        if let override = ProcessInfo.processInfo.environment["GLEANER_BIN_DIR"] {
            binaries = URL(fileURLWithPath: override)
        } else {
            binaries = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        }
        folder = TemporaryFolder.uniqueURL("gleaner-test")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
    }

    deinit {
        for child in children { child.signal(SIGCONT); child.signal(SIGKILL) }
        for child in children { _ = child.wait(timeout: 5) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Prints every child's stderr log, for a failing test.
    func printLogs() {
        print("---- \(testName): logs of \(children.count) processes in \(folder.path)/logs ----")
        for child in children {
            let log = child.log
            let tail = log.count > 20_000 ? "…" + String(log.suffix(20_000)) : log
            print("---- \(child.name) (pid \(child.pid), \(child.logPath)) ----\n\(tail)")
        }
    }

    /// Starts `executable`; `input`, when given, is written to its standard input, then closed.
    func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> Child {
        let log = folder.appendingPathComponent("logs/\(children.count)-\(executable).log").path
        let child = Child(name: executable, logPath: log)
        try child.start(binaries.appendingPathComponent(executable), arguments, environment: environment, input: input)
        children.append(child)
        return child
    }

    /// Starts a collector on a free loopback port. - Returns: the child and its endpoint.
    func startCollector(store: URL, bind: String = "tcp://127.0.0.1:0", extra: [String] = []) throws -> (Child, String)
    {
        let child = try start(
            "gleaner-collector", ["--store", store.path, "--bind", bind, "--log-level", "info"] + extra)
        let line = try XCTUnwrap(
            child.awaitLine(startingWith: "gleaner-collector: listening on "), "collector did not start")
        return (child, String(line.dropFirst("gleaner-collector: listening on ".count)))
    }

    /// Starts a producer on a free loopback port. - Returns: the child and its endpoint.
    func startProducer(
        paths: [String], collector: String, bind: String = "tcp://127.0.0.1:0",
        extra: [String] = [], input: Data? = nil
    ) throws -> (Child, String) {
        let child = try start(
            "gleaner-producer",
            paths + [
                "--bind", bind, "--collector", collector,
                "--quiet", "--log-level", "info",
            ] + extra, input: input)
        let line = try XCTUnwrap(
            child.awaitLine(startingWith: "gleaner-producer: listening on "), "producer did not start")
        return (child, String(line.dropFirst("gleaner-producer: listening on ".count)))
    }

    struct Pipeline {
        var paths: [String]
        var store: URL
        var collector: Child
        var collectorEndpoint: String
        var producer: Child
        var producerEndpoint: String
        var workers: [Child]
    }

    /// A generated corpus of `count` articles, a collector, a producer over it and `workers`
    /// workers, all started.
    func startPipeline(
        count: Int, workers: Int, workerFlags: [String] = [], producerFlags: [String] = []
    )
        throws -> Pipeline
    {
        let input = folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: count, into: input)
        let store = folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try startCollector(store: store)
        let (producer, producerEndpoint) = try startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: producerFlags)
        let pool = try (0..<workers).map { _ in
            try startWorker(producer: producerEndpoint, collector: collectorEndpoint, extra: workerFlags)
        }
        return Pipeline(
            paths: paths, store: store, collector: collector, collectorEndpoint: collectorEndpoint,
            producer: producer, producerEndpoint: producerEndpoint, workers: pool)
    }

    func startWorker(
        producer: String, collector: String, extra: [String] = [],
        environment: [String: String] = [:]
    ) throws -> Child {
        try start(
            "gleaner-worker", ["--producer", producer, "--collector", collector, "--log-level", "info"] + extra,
            environment: environment)
    }

    /// Runs `gleaner ARGS` to completion. - Returns: exit status and stdout.
    func gleaner(_ arguments: [String], timeout: Double = 120, input: Data? = nil) throws -> (Int32?, String) {
        let result = try run("gleaner", arguments, timeout: timeout, input: input)
        return (result.status, result.output)
    }

    /// Runs an executable to completion. - Returns: exit status (nil on timeout), stdout, stderr.
    func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 120,
        input: Data? = nil
    ) throws -> (status: Int32?, output: String, errors: String) {
        let child = try start(executable, arguments, environment: environment, input: input)
        var out: [String] = []
        while let line = child.awaitLine(startingWith: "", timeout: timeout) { out.append(line) }
        let status = child.wait(timeout: timeout)
        return (status, out.joined(separator: "\n"), child.errorText)
    }
}

/// Articles written for tests: realistic shape (title, blank line, paragraphs), unique content.
enum GeneratedCorpus {
    static let people = [
        "Amina Yusuf", "Daniel Ortega Ruiz", "Mei Lin Chen", "Tomasz Nowak", "Grace Okafor", "Lars Eriksen",
    ]
    static let places = ["Nairobi", "Lisbon", "Osaka", "Gdansk", "Lagos", "Bergen"]

    /// Writes `count` articles under `folder` in nested subfolders. - Returns: their paths.
    @discardableResult
    static func write(count: Int, into folder: URL, marker: (Int) -> String = { _ in "" }) throws -> [String] {
        var paths: [String] = []
        for batch in 0..<min(count, 4) {
            let sub = folder.appendingPathComponent("batch\(batch)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        }
        for n in 0..<count {
            let person = people[n % people.count], place = places[(n / 3) % places.count]
            let text = """
                Port authority in \(place) reports record cargo, issue \(n)

                \(place) handled more containers than ever last month, the port authority said on Tuesday.\(marker(n))

                "We have never seen volumes like this," said \(person), the authority's director. "Issue \(n) of our \
                bulletin explains why."

                Analysts expect the trend to continue into next year.
                """
            // POSIX calls on a path string: URL and Data writes cost ~1 ms a file in a debug build.
            let path = folder.path + "/batch\(n % 4)/article-\(n).txt"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            let bytes = Array(text.utf8)
            let written = Glibc.write(fd, bytes, bytes.count)
            close(fd)
            guard written == bytes.count else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            paths.append(path)
        }
        return paths
    }
}

/// Reads a store's journal directly: every record line, parsed.
enum StoreInspector {
    static func records(in store: URL) throws -> [[String: Any]] {
        let records = store.appendingPathComponent("records")
        var out: [[String: Any]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: records.path).sorted()
        where name.hasSuffix(".jsonl") {
            let text = try String(contentsOf: records.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                out.append(try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]))
            }
        }
        return out
    }

    static func lineCount(in store: URL) -> Int {
        let records = store.appendingPathComponent("records")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: records.path)) ?? []
        return names.reduce(0) { total, name in
            let data = FileManager.default.contents(atPath: records.appendingPathComponent(name).path) ?? Data()
            return total + data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
    }

    /// Waits until the store holds at least `count` records (or `timeout` s pass).
    @discardableResult
    static func waitForRecords(_ count: Int, in store: URL, timeout: Double = 30) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = lineCount(in: store)
        while seen < count && Date() < deadline { usleep(10_000); seen = lineCount(in: store) }
        return seen
    }
}
