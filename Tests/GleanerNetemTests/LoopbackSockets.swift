import Glibc
import XCTest

/// Blocking loopback sockets for the proxy tests, every wait bounded by a timeout.
enum Loopback {
    /// A listening socket on 127.0.0.1 and the port it got.
    static func listen() -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        Glibc.listen(fd, 16)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() -> UInt16 {
        let (fd, port) = listen()
        close(fd)
        return port
    }

    static func connect(port: UInt16) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        XCTAssertEqual(status, 0, "connect to the proxy")
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// The next connection on `listener`, or -1 after `milliseconds`.
    static func accept(_ listener: Int32, within milliseconds: Int32 = 5_000) -> Int32 {
        var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, milliseconds) > 0 else { return -1 }
        return Glibc.accept(listener, nil, nil)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { return XCTFail("write failed: errno \(errno)") }
            offset += n
        }
    }

    /// What a bounded read ended with.
    enum ReadEnd: Equatable {
        case count  // read as many bytes as asked
        case end  // the peer shut its side first
        case reset  // the connection broke
        case timeout
    }

    /// Reads up to `count` bytes, waiting at most `milliseconds` in all.
    static func read(_ fd: Int32, count: Int, within milliseconds: Int = 10_000) -> ([UInt8], ReadEnd) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = monotonicMilliseconds() + milliseconds
        while bytes.count < count {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = deadline - monotonicMilliseconds()
            guard left > 0, poll(&pfd, 1, Int32(left)) > 0 else { return (bytes, .timeout) }
            let n = recv(fd, &buffer, min(buffer.count, count - bytes.count), 0)
            if n == 0 { return (bytes, .end) }
            if n < 0 { return (bytes, .reset) }
            bytes += buffer[0..<n]
        }
        return (bytes, .count)
    }

    static func monotonicMilliseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int(ts.tv_sec) * 1000 + Int(ts.tv_nsec) / 1_000_000
    }
}
