import Foundation
import Synchronization

/// The ZAP handler (RFC 27) that makes CURVE mean authentication, not only encryption:
/// without one, libzmq admits any client key. Admits exactly the allow-listed public keys.
///
/// Runs on its own thread with its own REP socket on `inproc://zeromq.zap.01` in the role's
/// context. Start it before any CURVE server socket binds; `stop()` it before the role's
/// context is released.
public final class ZAPHandler: Sendable {
    public static let endpoint = "inproc://zeromq.zap.01"

    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Binds the handler and starts its thread.
    /// - Parameter onDecision: called (on the handler thread) with each client key and the verdict.
    public init(context: ZMQContext, allowed: Set<String>, onDecision: (@Sendable (String, Bool) -> Void)? = nil) throws
    {
        let ready = DispatchSemaphore(value: 0)
        let failure = Mutex<MessagingError?>(nil)
        let thread = Thread { [self] in
            defer { finished.signal() }
            let socket: ZMQSocket
            do {
                socket = try ZMQSocket(context, .rep)
                try socket.bind(Self.endpoint)
            } catch {
                failure.withLock { $0 = error as? MessagingError }
                ready.signal()
                return
            }
            ready.signal()
            var poller = ZMQPoller([socket])
            while !stopping.load(ordering: .relaxed) {
                guard (try? poller.poll(timeoutMilliseconds: 200))?[0] == true,
                    let request = try? socket.receive(dontWait: true)
                else { continue }
                let (reply, key, admitted) = Self.answer(request, allowed: allowed)
                if let key { onDecision?(key, admitted) }
                _ = try? socket.send(reply)
            }
            socket.close(lingerMilliseconds: 0)
        }
        thread.name = "zap"
        thread.start()
        ready.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    public func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        finished.wait()
    }

    /// A ZAP reply for a request: version, request id, status code, status text, user id, metadata.
    static func answer(_ request: [[UInt8]], allowed: Set<String>) -> (reply: [[UInt8]], key: String?, admitted: Bool) {
        guard request.count >= 6, request[0] == Array("1.0".utf8) else {
            return (
                [
                    Array("1.0".utf8), request.count > 1 ? request[1] : [], Array("500".utf8),
                    Array("malformed ZAP request".utf8), [], [],
                ], nil, false
            )
        }
        let mechanism = String(decoding: request[5], as: UTF8.self)
        let key = mechanism == "CURVE" && request.count >= 7 ? CurveKeyPair.z85(request[6]) : nil
        let admitted = key.map(allowed.contains) ?? false
        let status = admitted ? ("200", "OK") : ("400", "client key not in the allow-list")
        return (
            [Array("1.0".utf8), request[1], Array(status.0.utf8), Array(status.1.utf8), Array((key ?? "").utf8), []],
            key, admitted
        )
    }
}
