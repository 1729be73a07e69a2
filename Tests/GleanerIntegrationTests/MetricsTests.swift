import Foundation
import XCTest

/// A plain HTTP/1.1 GET over a loopback TCP socket: what Prometheus does when it scrapes.
enum Scrape {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// GETs `url` (`http://127.0.0.1:PORT/PATH`). - Returns: nil when nothing listens there.
    static func get(_ url: String, timeoutSeconds: Int = 5) -> Response? {
        guard let parsed = URL(string: url), let host = parsed.host, let port = parsed.port else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(parsed.path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    /// The value of one series in a Prometheus text exposition (`name` or `name{labels}` as
    /// written), or nil when it is absent.
    static func value(_ series: String, in exposition: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Scrapes `url` until `series` satisfies `condition`, for up to `timeout` seconds.
    /// - Returns: the last value seen (nil if the series never appeared).
    static func await(
        _ series: String, at url: String, timeout: Double = 30, until condition: (Double) -> Bool
    )
        -> Double?
    {
        let deadline = Date().addingTimeInterval(timeout)
        var last: Double?
        repeat {
            if let body = get(url)?.body, let value = value(series, in: body) {
                last = value
                if condition(value) { return value }
            }
            usleep(100_000)
        } while Date() < deadline
        return last
    }
}

/// `--metrics`: each role serves Prometheus metrics that move as tasks complete.
final class MetricsTests: IntegrationTestCase {
    func testMetrics_scrapedFromEveryRole_moveAsTasksComplete() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 150, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let metrics = ["--metrics", "127.0.0.1:0"]
        let (collector, collectorEndpoint) = try harness.startCollector(store: store, extra: metrics)
        let collectorMetrics = try collector.metricsURL()
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint, extra: metrics)
        let producerMetrics = try producer.metricsURL()

        // Before any worker: the producer has planned everything and committed nothing.
        XCTAssertEqual(Scrape.await("gleaner_producer_tasks_planned_total", at: producerMetrics) { $0 == 150 }, 150)
        XCTAssertEqual(Scrape.await("gleaner_producer_tasks_queued", at: producerMetrics) { $0 == 150 }, 150)
        let first = try XCTUnwrap(Scrape.get(producerMetrics))
        XCTAssertEqual(first.status, 200)
        XCTAssertTrue(
            first.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") ?? false, "\(first.headers)")
        XCTAssertTrue(
            first.body.contains("# HELP gleaner_producer_tasks_committed_total "), "help lines come from the catalogue")
        XCTAssertTrue(first.body.contains("# TYPE gleaner_producer_tasks_committed_total counter"))
        XCTAssertEqual(Scrape.value(#"gleaner_producer_tasks_committed_total{kind="article"}"#, in: first.body), 0)
        XCTAssertEqual(Scrape.value("gleaner_producer_planning_done", in: first.body), 1)
        XCTAssertEqual(Scrape.value("gleaner_producer_workers_connected", in: first.body), 0)
        XCTAssertEqual(Scrape.get(producerMetrics.replacingOccurrences(of: "/metrics", with: "/other"))?.status, 404)

        let worker = try harness.startWorker(
            producer: producerEndpoint, collector: collectorEndpoint, extra: metrics + ["--simulate-delay-ms", "20"])
        let workerMetrics = try worker.metricsURL()

        // Mid-run: workers connected, tasks leased and committed, the worker extracting.
        XCTAssertEqual(Scrape.await("gleaner_producer_workers_connected", at: producerMetrics) { $0 == 1 }, 1)
        let committed = Scrape.await(#"gleaner_producer_tasks_committed_total{kind="article"}"#, at: producerMetrics) {
            $0 > 0
        }
        XCTAssertGreaterThan(committed ?? 0, 0)
        XCTAssertGreaterThan(Scrape.await("gleaner_worker_tasks_extracted_total", at: workerMetrics) { $0 > 0 } ?? 0, 0)
        XCTAssertGreaterThan(
            Scrape.await("gleaner_worker_extraction_seconds_count", at: workerMetrics) { $0 > 0 } ?? 0, 0)
        XCTAssertGreaterThan(Scrape.await("gleaner_worker_round_trip_seconds", at: workerMetrics) { $0 > 0 } ?? 0, 0)
        XCTAssertEqual(Scrape.await("gleaner_worker_collector_reachable", at: workerMetrics) { $0 == 1 }, 1)

        // The end: the collector's counts say what the store holds.
        XCTAssertEqual(producer.wait(timeout: 120), 0)
        XCTAssertEqual(
            Scrape.await(#"gleaner_collector_records_stored_total{kind="article"}"#, at: collectorMetrics) {
                $0 == 150
            }, 150)
        XCTAssertEqual(Scrape.await("gleaner_collector_store_articles", at: collectorMetrics) { $0 == 150 }, 150)
        let final = try XCTUnwrap(Scrape.get(collectorMetrics)).body
        XCTAssertEqual(Scrape.value(#"gleaner_collector_results_total{outcome="stored"}"#, in: final), 150)
        XCTAssertGreaterThan(Scrape.value("gleaner_collector_commit_seconds_count", in: final) ?? 0, 0)
        XCTAssertEqual(Scrape.value("gleaner_collector_commit_batch_records_sum", in: final), 150)
        XCTAssertGreaterThan(
            Scrape.await("gleaner_collector_store_bytes", at: collectorMetrics) { $0 > 10_000 } ?? 0, 10_000)
        XCTAssertEqual(Scrape.value("gleaner_collector_store_writable", in: final), 1)
        XCTAssertEqual(
            Scrape.await("gleaner_worker_tasks_extracted_total", at: workerMetrics) { $0 >= 150 }, 150,
            "one worker, no faults: each task extracted once")

        for child in [worker, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(worker.wait(), 0)
        XCTAssertEqual(collector.wait(), 0)
        XCTAssertNil(Scrape.get(collectorMetrics), "the metrics endpoint closes with its role")
    }

    func testMetrics_onAPortInUse_failsBeforeTheRoleStarts_withASentence() throws {
        let harness = try makeHarness()
        let (first, _) = try harness.startCollector(
            store: harness.folder.appendingPathComponent("a"), extra: ["--metrics", "127.0.0.1:0"])
        let url = try first.metricsURL()
        let taken = try XCTUnwrap(URL(string: url)?.port)
        let second = try harness.run(
            "gleaner-collector",
            [
                "--store", harness.folder.appendingPathComponent("b").path, "--bind", "tcp://127.0.0.1:0",
                "--metrics", "127.0.0.1:\(taken)",
            ], timeout: 30)
        XCTAssertEqual(second.status, 1, second.errors)
        XCTAssertTrue(
            second.errors.contains("could not serve metrics on 127.0.0.1:\(taken): Address already in use"),
            second.errors)
        XCTAssertFalse(
            second.output.contains("listening on"), "the collector must not start without its metrics endpoint")
        XCTAssertFalse(FileManager.default.fileExists(atPath: harness.folder.appendingPathComponent("b").path))

        let bad = try harness.run("gleaner-worker", ["--metrics", "127.0.0.1:99999"], timeout: 30)
        XCTAssertEqual(bad.status, 64, bad.errors)
        XCTAssertTrue(bad.errors.contains("Please check --metrics: the port 99999"), bad.errors)
        first.signal(SIGTERM)
        XCTAssertEqual(first.wait(), 0)
    }
}
