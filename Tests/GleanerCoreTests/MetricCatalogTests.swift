import Foundation
import XCTest
@testable import GleanerCore

final class MetricCatalogTests: XCTestCase {
    func testCatalog_namesAreUnique_andFollowPrometheusConventions() {
        XCTAssertEqual(Set(MetricCatalog.all.map(\.name)).count, MetricCatalog.all.count)
        for metric in MetricCatalog.all {
            XCTAssertTrue(
                metric.name.range(of: #"^gleaner_(producer|worker|collector)_[a-z_]+$"#, options: .regularExpression)
                    != nil, metric.name)
            XCTAssertEqual(
                metric.kind == .counter, metric.name.hasSuffix("_total"), "\(metric.name): only counters end in _total")
            XCTAssertFalse(metric.help.isEmpty, metric.name)
            if case .histogram(let buckets) = metric.kind { XCTAssertEqual(buckets, buckets.sorted(), metric.name) }
        }
    }

    func testOperationsGuide_describesEveryMetric() throws {
        let guide = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../docs/operations.md"),
            encoding: .utf8)
        for metric in MetricCatalog.all {
            let written =
                metric.labels.isEmpty ? metric.name : metric.name + "{" + metric.labels.joined(separator: ",") + "}"
            XCTAssertTrue(guide.contains("`\(written)`"), "docs/operations.md does not describe \(written)")
        }
    }
}
