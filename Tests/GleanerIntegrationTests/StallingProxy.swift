import Foundation
import Synchronization

/// A TCP proxy on loopback for fault tests: forwards every connection to `target` until told
/// to stall, then holds all bytes in both directions (the connections stay open, packets
/// just stop arriving: a stalled link), and forwards again when resumed.
final class StallingProxy: Sendable {
    let port: UInt16
    private let listener: Int32
    private let state = Mutex(State())
    private let running = Atomic<Bool>(true)

    private struct State {
        var stalled = false
        var pairs: [(Int32, Int32)] = []
    }

    /// Listens on an ephemeral loopback port and forwards to 127.0.0.1:`targetPort`.
    init(targetPort: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in self.pump(targetPort: targetPort) }
        thread.start()
    }

    deinit { close(listener) }

    var endpoint: String { "tcp://127.0.0.1:\(port)" }

    func stall() { state.withLock { $0.stalled = true } }
    func resume() { state.withLock { $0.stalled = false } }

    /// Stops forwarding and closes every connection.
    func shutdown() {
        running.store(false, ordering: .relaxed)
        state.withLock { s in
            for (a, b) in s.pairs { close(a); close(b) }; s.pairs.removeAll()
        }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// One loop: accept new connections, move bytes while not stalled.
    private func pump(targetPort: UInt16) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while running.load(ordering: .relaxed) {
            let (stalled, pairs) = state.withLock { ($0.stalled, $0.pairs) }
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            if !stalled {
                for (a, b) in pairs {
                    fds += [
                        pollfd(fd: a, events: Int16(POLLIN), revents: 0),
                        pollfd(fd: b, events: Int16(POLLIN), revents: 0),
                    ]
                }
            }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 { accept(targetPort: targetPort) }
            guard !stalled else { continue }
            for (n, (a, b)) in pairs.enumerated() {
                if fds[1 + 2 * n].revents != 0 { forward(from: a, to: b, &buffer) }
                if fds[2 + 2 * n].revents != 0 { forward(from: b, to: a, &buffer) }
            }
        }
    }

    private func accept(targetPort: UInt16) {
        let client = Glibc.accept(listener, nil, nil)
        guard client >= 0 else { return }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: targetPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { close(client); close(upstream); return }
        state.withLock { $0.pairs.append((client, upstream)) }
    }

    private func forward(from source: Int32, to destination: Int32, _ buffer: inout [UInt8]) {
        let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        guard n > 0 else {
            state.withLock { s in
                s.pairs.removeAll { pair in
                    guard pair.0 == source || pair.1 == source else { return false }
                    close(pair.0); close(pair.1)
                    return true
                }
            }
            return
        }
        var offset = 0
        while offset < n {
            let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + offset, n - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
