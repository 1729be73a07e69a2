import Foundation
import XCTest

/// Starts the package's real executables as child processes for integration tests.
///
/// Binaries are found beside the test bundle (`swift test` builds them into the same
/// folder); `GLEANER_BIN_DIR` overrides. Every process started is killed at teardown, so a
/// failing test never leaves strays behind. Each child's stderr goes to a log file in the
/// harness folder; a harness made with its test case prints them all when the test fails.
final class ProcessHarness {
    final class Child {
        let process = Process()
        let name: String
        /// Where the child's stderr goes.
        let errorLog: URL
        private let output = Pipe()
        private var buffer: [UInt8] = []
        private(set) var lines: [String] = []

        init(name: String, errorLog: URL) { self.name = name; self.errorLog = errorLog }

        /// Everything the child wrote to stderr so far.
        var errorText: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }

        /// Reads stdout lines until one starts with `prefix`; fails the test after `timeout` s.
        func awaitLine(startingWith prefix: String, timeout: Double = 20) -> String? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let line = nextLine(until: deadline) {
                    lines.append(line)
                    if line.hasPrefix(prefix) { return line }
                } else {
                    return nil
                }
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

        fileprivate func start(_ url: URL, _ arguments: [String], environment: [String: String]) throws {
            process.executableURL = url
            process.arguments = arguments
            process.standardOutput = output
            _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: errorLog.path)
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            try process.run()
        }

        func signal(_ sig: Int32) { if process.isRunning { kill(process.processIdentifier, sig) } }

        /// Waits for exit up to `timeout` seconds; kills the process and returns nil on timeout.
        func wait(timeout: Double = 60) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return nil }
            return process.terminationStatus
        }
    }

    let binaries: URL
    let folder: URL
    private var children: [Child] = []

    /// - Parameter testCase: when given, every child's stderr is printed if that test fails.
    init(_ testCase: XCTestCase? = nil) throws {
        if let override = ProcessInfo.processInfo.environment["GLEANER_BIN_DIR"] {
            binaries = URL(fileURLWithPath: override)
        } else {
            binaries = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gleaner-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Holds the harness (its children and logs) until the test has been judged.
        testCase?.addTeardownBlock { [self, weak testCase] in
            guard (testCase?.testRun?.totalFailureCount ?? 0) > 0 else { return }
            for child in self.children {
                print("--- stderr of \(child.name) \(child.process.arguments?.joined(separator: " ") ?? ""):\n\(child.errorText)")
            }
        }
    }

    deinit {
        for child in children { child.signal(SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
    }

    func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Child {
        let child = Child(name: executable, errorLog: folder.appendingPathComponent("stderr-\(children.count)-\(executable).log"))
        try child.start(binaries.appendingPathComponent(executable), arguments, environment: environment)
        children.append(child)
        return child
    }

    /// Starts a collector on a free loopback port. - Returns: the child and its endpoint.
    func startCollector(store: URL) throws -> (Child, String) {
        let child = try start("gleaner-collector", ["--store", store.path, "--bind", "tcp://127.0.0.1:0", "--log-level", "warning"])
        let line = try XCTUnwrap(child.awaitLine(startingWith: "gleaner-collector: listening on "), "collector did not start")
        return (child, String(line.dropFirst("gleaner-collector: listening on ".count)))
    }

    /// Starts a producer on a free loopback port. - Returns: the child and its endpoint.
    func startProducer(paths: [String], collector: String, extra: [String] = []) throws -> (Child, String) {
        let child = try start("gleaner-producer", paths + ["--bind", "tcp://127.0.0.1:0", "--collector", collector,
                                                           "--quiet", "--log-level", "warning"] + extra)
        let line = try XCTUnwrap(child.awaitLine(startingWith: "gleaner-producer: listening on "), "producer did not start")
        return (child, String(line.dropFirst("gleaner-producer: listening on ".count)))
    }

    /// A generated corpus of `count` articles, a collector, a producer over it and `workers`
    /// workers, all started. - Returns: what the test needs to drive and check the run.
    func startPipeline(count: Int, workers: Int, workerFlags: [String] = [])
        throws -> (paths: [String], store: URL, collector: Child, collectorEndpoint: String, producer: Child, producerEndpoint: String, workers: [Child]) {
        let input = folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: count, into: input)
        let store = folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try startCollector(store: store)
        let (producer, producerEndpoint) = try startProducer(paths: [input.path], collector: collectorEndpoint)
        let pool = try (0..<workers).map { _ in try startWorker(producer: producerEndpoint, collector: collectorEndpoint, extra: workerFlags) }
        return (paths, store, collector, collectorEndpoint, producer, producerEndpoint, pool)
    }

    func startWorker(producer: String, collector: String, extra: [String] = []) throws -> Child {
        try start("gleaner-worker", ["--producer", producer, "--collector", collector, "--log-level", "warning"] + extra)
    }

    /// Runs `gleaner ARGS` to completion. - Returns: exit status and stdout.
    func gleaner(_ arguments: [String], timeout: Double = 120) throws -> (Int32?, String) {
        let result = try run("gleaner", arguments, timeout: timeout)
        return (result.status, result.output)
    }

    /// Runs an executable to completion. - Returns: exit status (nil on timeout), stdout, stderr.
    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
             timeout: Double = 120) throws -> (status: Int32?, output: String, errors: String) {
        let child = try start(executable, arguments, environment: environment)
        var out: [String] = []
        while let line = child.awaitLine(startingWith: "", timeout: timeout) { out.append(line) }
        let status = child.wait(timeout: timeout)
        return (status, out.joined(separator: "\n"), child.errorText)
    }
}

/// Articles written for tests: realistic shape (title, blank line, paragraphs), unique content.
enum GeneratedCorpus {
    static let people = ["Amina Yusuf", "Daniel Ortega Ruiz", "Mei Lin Chen", "Tomasz Nowak", "Grace Okafor", "Lars Eriksen"]
    static let places = ["Nairobi", "Lisbon", "Osaka", "Gdansk", "Lagos", "Bergen"]

    /// Writes `count` articles under `folder` in nested subfolders. - Returns: their paths.
    @discardableResult
    static func write(count: Int, into folder: URL) throws -> [String] {
        var paths: [String] = []
        for n in 0..<count {
            let person = people[n % people.count], place = places[(n / 3) % places.count]
            let text = """
            Port authority in \(place) reports record cargo, issue \(n)

            \(place) handled more containers than ever last month, the port authority said on Tuesday.

            "We have never seen volumes like this," said \(person), the authority's director. "Issue \(n) of our bulletin explains why."

            Analysts expect the trend to continue into next year.
            """
            let sub = folder.appendingPathComponent("batch\(n % 4)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let url = sub.appendingPathComponent("article-\(n).txt")
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        return paths
    }
}

/// Reads a store's journal directly: every record line, parsed.
enum StoreInspector {
    static func records(in store: URL) throws -> [[String: Any]] {
        let records = store.appendingPathComponent("records")
        var out: [[String: Any]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: records.path).sorted() where name.hasSuffix(".jsonl") {
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
}
