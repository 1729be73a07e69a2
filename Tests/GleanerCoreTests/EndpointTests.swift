import XCTest
@testable import GleanerCore

final class EndpointTests: XCTestCase {
    func testBind_hostNameResolves_andAnyPortIsAllowed() throws {
        XCTAssertEqual(try Endpoint("tcp://localhost:5558", for: .bind).description, "tcp://127.0.0.1:5558")
        XCTAssertEqual(try Endpoint("tcp://localhost:0", for: .bind).description, "tcp://127.0.0.1:0")
        XCTAssertEqual(try Endpoint("tcp://*:*", for: .bind).description, "tcp://*:*")
        XCTAssertEqual(try Endpoint("tcp://*:5557", for: .bind).description, "tcp://*:5557")
        XCTAssertEqual(
            try Endpoint("tcp://lo:5557", for: .bind).description, "tcp://lo:5557", "an interface name is kept")
        XCTAssertEqual(try Endpoint("ipc:///tmp/x/collector", for: .bind).description, "ipc:///tmp/x/collector")
    }

    func testConnect_keepsTheHostName_butNeedsARealPort() throws {
        XCTAssertEqual(try Endpoint("tcp://localhost:5558", for: .connect).description, "tcp://localhost:5558")
        XCTAssertEqual(try Endpoint("tcp://10.0.0.5:5558", for: .connect).description, "tcp://10.0.0.5:5558")
        XCTAssertThrowsError(try Endpoint("tcp://localhost:0", for: .connect))
        XCTAssertThrowsError(try Endpoint("tcp://*:5558", for: .connect))
    }

    func testBadEndpoints_areRefusedWithASentence() {
        let cases: [(String, Endpoint.Use, String)] = [
            ("tcp://*:99999", .bind, "1 to 65535"), ("tcp://127.0.0.1:65536", .connect, "1 to 65535"),
            ("tcp://127.0.0.1:-1", .bind, "1 to 65535"), ("tcp://127.0.0.1:http", .connect, "1 to 65535"),
            ("tcp://127.0.0.1", .connect, "needs a host and a port"), ("127.0.0.1:5558", .connect, "tcp://HOST:PORT"),
            ("udp://127.0.0.1:5558", .bind, "tcp:// and ipc://"), ("ipc://", .bind, "no socket file"),
            ("tcp://no-such-host.invalid:5558", .connect, "cannot be resolved"),
            ("tcp://no-such-host.invalid:5558", .bind, "cannot be resolved"),
            ("ipc:///" + String(repeating: "x", count: 200), .bind, "limit is 107"),
        ]
        for (text, use, expected) in cases {
            XCTAssertThrowsError(try Endpoint(text, for: use), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(text): \(error)")
            }
        }
    }
}
