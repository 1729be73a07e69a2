import Foundation
import XCTest

/// The test harness's stalling proxy must really stall, or the stalled-link test proves nothing.
final class StallingProxyTests: XCTestCase {
    func testProxy_forwards_stalls_andResumes() throws {
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(server, 1)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(server, $0, &length)
            }
        }
        let proxy = try StallingProxy(targetPort: UInt16(bigEndian: address.sin_port))
        defer { proxy.shutdown(); close(server) }

        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var target = address
        target.sin_port = proxy.port.bigEndian
        XCTAssertEqual(
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }, 0)
        let upstream = accept(server, nil, nil)
        defer { close(client); close(upstream) }

        func receive(_ fd: Int32, within milliseconds: Int32) -> Int {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, milliseconds) > 0 else { return 0 }
            var buffer = [UInt8](repeating: 0, count: 100)
            return read(fd, &buffer, 100)
        }
        XCTAssertEqual(write(client, "ping", 4), 4)
        XCTAssertEqual(receive(upstream, within: 2_000), 4, "forwarded")
        proxy.stall()
        usleep(100_000)
        XCTAssertEqual(write(client, "ping", 4), 4)
        XCTAssertEqual(receive(upstream, within: 500), 0, "held while stalled")
        proxy.resume()
        XCTAssertEqual(receive(upstream, within: 2_000), 4, "delivered after resume")
    }
}
