import Foundation
import Logging
import Synchronization

/// The worker role: asks the producer for tasks (credit), extracts them on a pool of
/// threads, and sends each record to the collector.
///
/// One socket thread owns the producer and collector sockets; each extraction thread owns
/// its own inproc sockets (ZeroMQ sockets are never shared between threads). A producer
/// that stops answering is reconnected on a fresh socket, with backoff (Paranoid Pirate).
public final class Worker {
    public struct Configuration: Sendable {
        public var producerEndpoint = WireProtocol.defaultProducerEndpoint
        public var collectorEndpoint = WireProtocol.defaultCollectorEndpoint
        public var threads = 1
        public var processor = ArticleProcessor()
        /// Longest a stopping worker waits for its in-flight tasks to finish (milliseconds).
        public var drainMilliseconds = 30_000
        /// Failure injection for tests: extra time spent on every task (milliseconds).
        public var simulatedDelayMilliseconds = 0
        /// CurveZMQ client of the producer and the collector; nil: plain TCP.
        public var security: CurveSecurity?

        public init() {}
    }

    /// Reconnect backoff after the producer goes silent: doubles up to the maximum (ms).
    static let reconnectInitialMilliseconds = 1_000
    static let reconnectMaximumMilliseconds = 8_000

    private let configuration: Configuration
    private let logger: Logger
    private let context = ZMQContext()
    private var producer: ZMQSocket
    private let collector: ZMQSocket
    private let tasksOut: ZMQSocket
    private let resultsIn: ZMQSocket
    private let pool: ExtractionPool
    private var outstanding = 0
    private var producerLiveness = WireProtocol.heartbeatLiveness
    private var reconnectDelay = Worker.reconnectInitialMilliseconds

    private var capacity: Int { configuration.threads * WireProtocol.creditPerThread }

    public init(_ configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let name = "gleaner-worker-\(RunID.make())"
        tasksOut = try ZMQSocket(context, .push)
        try tasksOut.bind("inproc://\(name)-tasks")
        resultsIn = try ZMQSocket(context, .pull)
        try resultsIn.bind("inproc://\(name)-results")
        collector = try ZMQSocket(context, .dealer)
        try collector.setHighWaterMarks(send: 10_000, receive: 1_000)
        try collector.setReconnectInterval(initial: 100, maximum: 2_000)
        if let security = configuration.security {
            try security.connect(collector, to: security.collectorKey, missing: .collectorKey)
        }
        try collector.connect(configuration.collectorEndpoint)
        producer = try Self.connectProducer(context, configuration)
        ArticleExtractor.preload()  // before asking for work, so the first lease is not spent loading
        pool = try ExtractionPool(context: context, name: name, threads: configuration.threads, processor: configuration.processor,
                                  simulatedDelayMilliseconds: configuration.simulatedDelayMilliseconds)
    }

    private static func connectProducer(_ context: ZMQContext, _ configuration: Configuration) throws -> ZMQSocket {
        let socket = try ZMQSocket(context, .dealer)
        try socket.setMaxMessageSize(Int64(configuration.processor.input.maxBytes + WireProtocol.envelopeAllowance))
        try socket.setReconnectInterval(initial: 100, maximum: 2_000)
        if let security = configuration.security {
            try security.connect(socket, to: security.producerKey, missing: .producerKey)
        }
        try socket.connect(configuration.producerEndpoint)
        return socket
    }

    /// Works until `StopSignal` is requested, then drains: says bye, finishes the tasks it
    /// holds, forwards their records, and returns.
    public func run() throws {
        logger.info("Worker ready.", metadata: ["producer": "\(configuration.producerEndpoint)",
                                                "collector": "\(configuration.collectorEndpoint)", "threads": "\(configuration.threads)"])
        send(toProducer: .credit(UInt32(capacity)))
        var nextHeartbeat = MonotonicClock.milliseconds() + WireProtocol.heartbeatIntervalMilliseconds
        while !StopSignal.requested {
            var poller = ZMQPoller([producer, resultsIn])
            let ready = try poller.poll(timeoutMilliseconds: WireProtocol.heartbeatIntervalMilliseconds)
            if ready[0] { try receiveFromProducer() }
            if ready[1] { try forwardResults(grantCredit: true) }
            let now = MonotonicClock.milliseconds()
            if now >= nextHeartbeat {
                send(toProducer: .heartbeat(runID: nil))
                nextHeartbeat = now + WireProtocol.heartbeatIntervalMilliseconds
                producerLiveness -= 1
                if producerLiveness <= 0 { try reconnectProducer() }
            }
        }
        try drain()
    }

    private func receiveFromProducer() throws {
        while let frames = try producer.receive(dontWait: true) {
            producerLiveness = WireProtocol.heartbeatLiveness
            reconnectDelay = Self.reconnectInitialMilliseconds
            let message: WireMessage
            do { message = try WireMessage(frames: frames) } catch {
                logger.warning("Dropped a malformed message from the producer.", metadata: ["error": "\(error)"])
                continue
            }
            switch message {
            case .task(let task):
                outstanding += 1
                try tasksOut.send(ExtractionPool.taskFrames(task))
            case .heartbeat:
                break
            default:
                logger.warning("Dropped a message not meant for a worker.", metadata: ["command": "\(message.command)"])
            }
        }
    }

    /// Sends finished records to the collector; each one frees a slot, offered back as credit.
    private func forwardResults(grantCredit: Bool) throws {
        while let frames = try resultsIn.receive(dontWait: true) {
            outstanding -= 1
            guard let (id, runID, record) = ExtractionPool.parseResult(frames) else { continue }
            let sent = (try? collector.send(WireMessage.result(taskID: id, runID: runID, record: record).frames, dontWait: true)) ?? false
            if !sent {
                // The producer's lease brings the task back; dropping here only delays it.
                logger.warning("Collector queue full; dropped a result.", metadata: ["task": "\(id)"])
            }
            if grantCredit { send(toProducer: .credit(1)) }
        }
    }

    /// Paranoid Pirate: a silent producer gets a fresh socket after a growing pause.
    private func reconnectProducer() throws {
        logger.warning("Producer silent; reconnecting.", metadata: ["after_ms": "\(reconnectDelay)"])
        producer.close(lingerMilliseconds: 0)
        let deadline = MonotonicClock.milliseconds() + reconnectDelay
        while MonotonicClock.milliseconds() < deadline && !StopSignal.requested {
            var poller = ZMQPoller([resultsIn])
            if try poller.poll(timeoutMilliseconds: 100)[0] { try forwardResults(grantCredit: false) }
        }
        reconnectDelay = min(reconnectDelay * 2, Self.reconnectMaximumMilliseconds)
        producer = try Self.connectProducer(context, configuration)
        producerLiveness = WireProtocol.heartbeatLiveness
        send(toProducer: .credit(UInt32(max(0, capacity - outstanding))))
    }

    /// Graceful stop: no more credit, finish what is held, then close everything.
    private func drain() throws {
        send(toProducer: .bye)
        logger.info("Stop requested: finishing held tasks.", metadata: ["tasks": "\(outstanding)"])
        let deadline = MonotonicClock.milliseconds() + configuration.drainMilliseconds
        var quietSince = MonotonicClock.milliseconds()
        // Tasks the producer sent before it read our bye may still arrive: wait for a quiet spell.
        while MonotonicClock.milliseconds() < deadline && (outstanding > 0 || MonotonicClock.milliseconds() - quietSince < 300) {
            var poller = ZMQPoller([producer, resultsIn])
            let ready = try poller.poll(timeoutMilliseconds: 100)
            if ready[0] { try receiveFromProducer(); quietSince = MonotonicClock.milliseconds() }
            if ready[1] { try forwardResults(grantCredit: false) }
        }
        if outstanding > 0 {
            logger.warning("Drain deadline passed; the producer will dispatch the rest again.", metadata: ["tasks": "\(outstanding)"])
        }
        pool.stop()
        producer.close(lingerMilliseconds: 500)
        collector.close(lingerMilliseconds: 5_000)
        tasksOut.close(lingerMilliseconds: 0)
        resultsIn.close(lingerMilliseconds: 0)
        logger.info("Worker stopped.")
    }

    private func send(toProducer message: WireMessage) {
        _ = try? producer.send(message.frames, dontWait: true)
    }
}

/// Extraction threads. Each owns a PULL socket for tasks and a PUSH socket for records.
final class ExtractionPool: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished: DispatchGroup

    init(context: ZMQContext, name: String, threads: Int, processor: ArticleProcessor, simulatedDelayMilliseconds: Int) throws {
        finished = DispatchGroup()
        for n in 0..<threads {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                do { try work(context: context, name: name, processor: processor, delay: simulatedDelayMilliseconds) } catch {
                    StandardStreams.writeLine("gleaner-worker: extraction thread \(n) stopped: \(error)", fd: 2)
                }
            }
            thread.name = "extract-\(n)"
            thread.start()
        }
    }

    /// Asks the threads to finish and waits for them.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }

    private func work(context: ZMQContext, name: String, processor: ArticleProcessor, delay: Int) throws {
        let tasks = try ZMQSocket(context, .pull)
        try tasks.connect("inproc://\(name)-tasks")
        let results = try ZMQSocket(context, .push)
        try results.connect("inproc://\(name)-results")
        var poller = ZMQPoller([tasks])
        while !stopping.load(ordering: .relaxed) {
            guard try poller.poll(timeoutMilliseconds: 100)[0], let frames = try tasks.receive(dontWait: true) else { continue }
            guard frames.count == 4, let id = try? TaskID(bytes: frames[0]) else { continue }
            let path = String(decoding: frames[2], as: UTF8.self)
            let record = processor.process(bytes: frames[3], path: path, id: id.hex).jsonBytes()
            if delay > 0 { usleep(UInt32(delay) * 1000) }
            try results.send([frames[0], frames[1], record])
        }
        tasks.close(lingerMilliseconds: 0)
        results.close(lingerMilliseconds: 0)
    }

    static func taskFrames(_ task: TaskEnvelope) -> [[UInt8]] {
        [task.id.bytes, Array(task.runID.utf8), Array(task.path.utf8), task.body]
    }

    static func parseResult(_ frames: [[UInt8]]) -> (TaskID, String, [UInt8])? {
        guard frames.count == 3, let id = try? TaskID(bytes: frames[0]) else { return nil }
        return (id, String(decoding: frames[1], as: UTF8.self), frames[2])
    }
}
