import Foundation
import GleanerCore
import XCTest

/// `gleaner-worker --lane-cpus`: each extraction lane on its own CPU, the worker's other threads
/// off those CPUs, and lists that cannot be honoured refused before anything starts.
final class LaneCPUTests: IntegrationTestCase {
    /// Each thread of `pid` by name, with the CPUs it may run on (`Cpus_allowed_list`).
    private func threadCPUs(_ pid: Int32) -> [(name: String, cpus: String)] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { tid in
            let base = "/proc/\(pid)/task/\(tid)"
            guard let name = try? String(contentsOfFile: base + "/comm", encoding: .utf8),
                  let status = try? String(contentsOfFile: base + "/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
            else { return nil }
            return (name.trimmingCharacters(in: .whitespacesAndNewlines),
                    line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces))
        }
    }

    func testWorker_laneCPUs_pinsEachLane_andKeepsTheOtherThreadsOffThem() throws {
        let allowed = CPUAffinity.allowed()
        guard allowed.count >= 2 else { throw XCTSkip("needs at least 2 CPUs") }
        let lane = allowed[0]
        let others = CPUAffinity.listText(Array(allowed.dropFirst()))
        let harness = try makeHarness()
        let folder = harness.folder.path
        let worker = try harness.start("gleaner-worker", [
            "--lane-cpus", "\(lane)", "--producer", "ipc://\(folder)/p", "--collector", "ipc://\(folder)/c",
            "--log-level", "info"])
        XCTAssertNotNil(worker.awaitLine(startingWith: "gleaner-worker: connecting", timeout: 60), worker.log)
        let threads = threadCPUs(worker.pid)
        let lanes = threads.filter { $0.name.contains("-lane-") }
        XCTAssertEqual(lanes.count, 1, "threads: \(threads)")
        XCTAssertEqual(lanes.first?.cpus, "\(lane)", "the lane is not on its CPU: \(threads)")
        let rest = threads.filter { !$0.name.contains("-lane-") }
        XCTAssertFalse(rest.isEmpty)
        for thread in rest { XCTAssertEqual(thread.cpus, others, "\(thread.name) may run on the lane's CPU") }
        worker.signal(SIGTERM)
        XCTAssertEqual(worker.wait(), 0, worker.log)
    }

    func testWorker_laneCPUsThatCannotBeHonoured_areRefusedWithAClearMessage() throws {
        let harness = try makeHarness()
        let beyond = (CPUAffinity.allowed().max() ?? 0) + 1
        let cases: [(arguments: [String], message: String)] = [
            (["--lane-cpus", "0,1", "--threads", "1"], "give one CPU per extraction thread"),
            (["--lane-cpus", "\(beyond)"], "CPU \(beyond) is not one this process may run on"),
            (["--lane-cpus", "0,0", "--threads", "2"], "distinct CPU numbers"),
            (["--lane-cpus", "one"], "distinct CPU numbers"),
        ]
        for (arguments, message) in cases {
            let worker = try harness.start("gleaner-worker", arguments)
            XCTAssertNotEqual(worker.wait(), 0, "\(arguments) was accepted")
            XCTAssertTrue(worker.log.contains(message), "\(arguments): \(worker.log)")
        }
    }
}
