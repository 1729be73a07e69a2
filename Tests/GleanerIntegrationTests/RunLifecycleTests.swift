import Foundation
import XCTest

/// `gleaner run` owns its children: a stop request stops them in order, and they never
/// outlive it, even when it is killed with SIGKILL.
final class RunLifecycleTests: IntegrationTestCase {
    /// Live (not zombie) processes whose command line contains `marker`.
    static func processes(containing marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(marker),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            return !stat[stat.index(after: close)...].hasPrefix(" Z")
        }
    }

    /// Waits up to `seconds` for every process naming `marker` to end; kills what is left.
    /// - Returns: how many were still running at the deadline.
    static func awaitNoProcesses(containing marker: String, seconds: Double) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && !processes(containing: marker).isEmpty { usleep(100_000) }
        let left = processes(containing: marker)
        for pid in left { kill(pid, SIGKILL) }
        return left.count
    }

    /// Starts `gleaner run` over a corpus big enough to be mid-run when the test acts.
    private func startLongRun(_ harness: ProcessHarness, tmp: URL) throws -> (run: ProcessHarness.Child, store: URL) {
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 3_000, into: input)
        let store = harness.folder.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let run = try harness.start(
            "gleaner", ["run", input.path, "--workers", "1", "--store", store.path, "--quiet"],
            environment: ["TMPDIR": tmp.path])
        let deadline = Date().addingTimeInterval(60)
        while StoreInspector.lineCount(in: store) < 20 && Date() < deadline { usleep(20_000) }
        XCTAssertGreaterThanOrEqual(StoreInspector.lineCount(in: store), 20, "the run did not get going")
        return (run, store)
    }

    private func assertStopsInOrder(on sig: Int32) throws {
        let harness = try makeHarness()
        let tmp = harness.folder.appendingPathComponent("tmp")
        let (run, store) = try startLongRun(harness, tmp: tmp)
        run.signal(sig)
        let summary = run.awaitLine(startingWith: "gleaner: ", timeout: 90)
        XCTAssertEqual(run.wait(timeout: 90), 3, "a stopped run exits 3")
        XCTAssertTrue(summary?.contains("unfinished") ?? false, summary ?? "no summary")
        XCTAssertEqual(Self.awaitNoProcesses(containing: store.path, seconds: 5), 0, "a child outlived gleaner run")
        let corpus = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent("corpus.json")))
                as? [String: Any])
        XCTAssertEqual(
            (corpus["stats"] as? [String: Any])?["articles"] as? Int, StoreInspector.lineCount(in: store),
            "the collector flushed a final checkpoint covering every stored record")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: tmp.path), [], "the temporary folder is removed")
    }

    func testRun_onSIGTERM_stopsItsChildrenInOrder_reportsUnfinished_andExits3() throws {
        try assertStopsInOrder(on: SIGTERM)
    }

    func testRun_onSIGINT_stopsItsChildrenInOrder_reportsUnfinished_andExits3() throws {
        try assertStopsInOrder(on: SIGINT)
    }

    func testRun_killedWithSIGKILL_leavesNoChildRunning_andTheNextRunRemovesItsFolder() throws {
        let harness = try makeHarness()
        let tmp = harness.folder.appendingPathComponent("tmp")
        let (run, store) = try startLongRun(harness, tmp: tmp)
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.hasPrefix("gleaner-run-") }
        XCTAssertEqual(left.count, 1)
        run.signal(SIGKILL)
        _ = run.wait(timeout: 10)
        XCTAssertEqual(
            Self.awaitNoProcesses(containing: store.path, seconds: 45), 0, "children outlived a killed gleaner run")

        let small = harness.folder.appendingPathComponent("small")
        try GeneratedCorpus.write(count: 2, into: small)
        let next = try harness.run(
            "gleaner",
            [
                "run", small.path, "--workers", "1", "--store", harness.folder.appendingPathComponent("store2").path,
                "--quiet",
            ], environment: ["TMPDIR": tmp.path])
        XCTAssertEqual(next.status, 0, next.errors)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: tmp.path), [], "the killed run's folder is gone")
    }
}
