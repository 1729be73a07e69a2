import ArgumentParser
import Foundation
import GleanerCore
import GleanerService
import Logging

/// `gleaner-collector`: receives records from workers and keeps the store.
public struct CollectorCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gleaner-collector",
        abstract: "Receive extraction results and keep the JSON store.",
        discussion: """
            Binds one endpoint; workers send it records and the producer receives commit acks \
            from it. Runs until SIGTERM or SIGINT, then commits what it holds, writes corpus.json \
            and exits 0. Prints "gleaner-collector: listening on ENDPOINT" once bound.

            Examples:
              gleaner-collector --store ./gleaner-store
              gleaner-collector --store /data/news-store --bind tcp://*:5558 --log-level debug
            """,
        version: GleanerVersion.string
    )

    @Option(help: "Store directory (created if missing).")
    var store: String = "gleaner-store"

    @Option(
        help:
            "Endpoint to bind for workers and the producer (plaintext TCP: loopback only, unless --insecure or CURVE).")
    var bind: String = WireProtocol.defaultCollectorBind

    @Flag(help: "Allow plaintext TCP beyond loopback (a trusted network only; prefer CurveZMQ).")
    var insecure = false

    @OptionGroup var limits: ArticleLimitOptions
    @OptionGroup var curve: SecurityOptions
    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var runChild: RunChildOptions

    public init() {}

    public func validate() throws { _ = try EndpointFlag.check(bind, flag: "--bind", .bind) }

    public func run() throws {
        let logger = log.makeLogger("gleaner.collector")
        var configuration = Collector.Configuration(
            storePath: store, bindEndpoint: try EndpointFlag.check(bind, flag: "--bind", .bind))
        configuration.security = try curve.security(
            needsAllowList: true, needsProducerKey: false, needsCollectorKey: false)
        configuration.maxMessageBytes = 4 * limits.maxArticleBytes + WireProtocol.envelopeAllowance
        configuration.insecure = insecure
        try RoleLaunch.run(
            "gleaner-collector", role: "collector", configuration: configuration, metrics: metrics, runChild: runChild,
            logger: logger
        ) { configuration, stop in
            let collector = try Collector(configuration, logger: logger, stop: stop)
            StandardStreams.writeLine("gleaner-collector: listening on \(collector.boundEndpoint)")
            announce(collector.exposure, role: "gleaner-collector", logger: logger)
            try collector.run()
        }
    }
}

/// `gleaner-producer`: hands article files to workers until every one is committed.
public struct ProducerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gleaner-producer",
        abstract: "Hand article files to workers and wait until the collector has stored them all.",
        discussion: """
            Walks files and folders (recursively, hidden files skipped), skips content already in \
            the store, dispatches the rest to workers that ask for work and exits 0 once every \
            task is committed or stored as a failure record, printing one summary line. Exit 2 if \
            the collector does not answer within --connect-timeout; exit 3 if stopped early.

            Reads plain text, HTML pages, JSON Lines (one task per line) and WARC files (one task \
            per HTML response); see docs/operations.md, "Input formats".

            Examples:
              gleaner-producer articles/
              gleaner-producer /data/bbc /data/reuters --bind tcp://*:5557 --collector tcp://10.0.0.5:5558
              find /data/news -name '*.html' -newer last-run | gleaner-producer --stdin-list
            """,
        version: GleanerVersion.string
    )

    @Argument(help: "Article files and folders.")
    var paths: [String] = []

    @Flag(help: "Also read paths from standard input, one per line.")
    var stdinList = false

    @Option(help: "Endpoint to bind for workers (plaintext TCP: loopback only, unless --insecure or CURVE).")
    var bind: String = WireProtocol.defaultProducerBind

    @Flag(help: "Allow plaintext TCP beyond loopback (a trusted network only; prefer CurveZMQ).")
    var insecure = false

    @Flag(help: "Keep running and take every file that lands in the folders (inotify); stop with SIGTERM.")
    var watch = false

    @Flag(help: "Send every file again, even those stored by this extractor version (forces re-extraction).")
    var reextract = false

    @Option(help: "Seconds without a commit before the open tasks are listed in the log.")
    var stallReport: Int = 15

    @Option(help: "The collector's endpoint.")
    var collector: String = WireProtocol.defaultCollectorEndpoint

    @Option(help: "Seconds to wait for the collector before giving up.")
    var connectTimeout: Int = 10

    @Option(help: "Seconds a dispatched task may stay uncommitted before it is dispatched again.")
    var lease: Int = WireProtocol.defaultLeaseSeconds

    @Option(help: "Dispatches per task before it is stored as a 'max-attempts' failure.")
    var maxAttempts: Int = WireProtocol.defaultMaxAttempts

    @Option(
        name: .customLong("ext"),
        help: "Only take files with this extension from folders (repeatable, e.g. --ext txt --ext md).")
    var extensions: [String] = []

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @OptionGroup var limits: ArticleLimitOptions
    @OptionGroup var curve: SecurityOptions
    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var runChild: RunChildOptions

    public init() {}

    public func validate() throws {
        guard connectTimeout > 0, lease > 0 else {
            throw ValidationError("Please give --connect-timeout and --lease positive values.")
        }
        guard maxAttempts >= 1 else { throw ValidationError("Please give --max-attempts a value of at least 1.") }
        guard stallReport > 0 else { throw ValidationError("Please give --stall-report a positive number of seconds.") }
        guard !paths.isEmpty || stdinList else { throw ValidationError("Please give article paths, or --stdin-list.") }
        _ = try EndpointFlag.check(bind, flag: "--bind", .bind)
        _ = try EndpointFlag.check(collector, flag: "--collector", .connect)
    }

    public func run() throws {
        let logger = log.makeLogger("gleaner.producer")
        var allPaths = paths
        if stdinList {
            do { allPaths += try PathList.read(FileHandle.standardInput) } catch {
                throw ValidationError("Please check the path list on standard input: \(error).")
            }
        }
        var configuration = Producer.Configuration(paths: allPaths)
        configuration.bindEndpoint = try EndpointFlag.check(bind, flag: "--bind", .bind)
        configuration.collectorEndpoint = try EndpointFlag.check(collector, flag: "--collector", .connect)
        configuration.connectTimeoutSeconds = connectTimeout
        configuration.leaseSeconds = lease
        configuration.maxAttempts = maxAttempts
        configuration.maxArticleBytes = limits.maxArticleBytes
        configuration.showProgress = !quiet && log.logFormat == .text  // JSON logs: every stderr line is JSON
        configuration.extensions = extensions.isEmpty ? nil : Set(extensions)
        configuration.insecure = insecure
        configuration.watch = watch
        configuration.reextract = reextract
        configuration.stallReportSeconds = stallReport
        configuration.security = try curve.security(
            needsAllowList: true, needsProducerKey: false, needsCollectorKey: true)
        let outcome = try RoleLaunch.run(
            "gleaner-producer", role: "producer", configuration: configuration, metrics: metrics, runChild: runChild,
            logger: logger
        ) { configuration, stop -> ProducerOutcome in
            let producer = try Producer(configuration, logger: logger, stop: stop)
            StandardStreams.writeLine("gleaner-producer: listening on \(producer.boundEndpoint)")
            announce(producer.exposure, role: "gleaner-producer", logger: logger)
            do {
                let summary = try producer.run()
                // Said at once, from the role's thread: the services still stop after it.
                StandardStreams.writeLine("gleaner-producer: " + summary.line)
                return .finished(summary)
            } catch let error as Producer.ProducerError {
                guard stop.isRequested else { return .collectorUnreachable(error) }
                StandardStreams.writeLine(
                    "gleaner-producer: stopped before the collector answered; nothing was dispatched")
                return .stoppedBeforeCollector
            } catch let error as FileWalker.WalkError {
                return .badPaths(error)
            } catch let error as DirectoryWatcher.WatchError {
                return .badWatch(error)
            }
        }
        switch outcome {
        case .finished(let summary):
            if summary.unfinished > 0 { throw ExitCodes.interrupted }
        case .stoppedBeforeCollector:
            throw ExitCodes.interrupted
        case .collectorUnreachable(let error):
            StandardStreams.writeLine("gleaner-producer: error: \(error)", fd: 2)
            throw ExitCodes.collectorUnreachable
        case .badPaths(let error):
            throw ValidationError("Please check the paths: \(error).")
        case .badWatch(let error):
            throw ValidationError("Please check --watch: \(error).")
        }
    }

    /// How the producer's run ended, for the exit status (docs/operations.md, "Exit codes").
    enum ProducerOutcome: Sendable {
        case finished(Producer.Summary)
        case stoppedBeforeCollector
        case collectorUnreachable(Producer.ProducerError)
        case badPaths(FileWalker.WalkError)
        case badWatch(DirectoryWatcher.WatchError)
    }
}

/// `gleaner-worker`: extracts articles for the producer; start as many as you like.
public struct WorkerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gleaner-worker",
        abstract: "Extract articles handed out by the producer and send the records to the collector.",
        discussion: """
            Start any number, on any host that reaches the producer and the collector; start and \
            stop them at any time. Runs until SIGTERM or SIGINT, then finishes the tasks it holds \
            and exits 0.

            Examples:
              gleaner-worker
              gleaner-worker --producer tcp://10.0.0.4:5557 --collector tcp://10.0.0.5:5558 --threads 4
            """,
        version: GleanerVersion.string
    )

    @Option(help: "The producer's endpoint.")
    var producer: String = WireProtocol.defaultProducerEndpoint

    @Option(help: "The collector's endpoint.")
    var collector: String = WireProtocol.defaultCollectorEndpoint

    @Option(help: "Extraction threads.")
    var threads: Int = 1

    @Option(
        name: .customLong("lane-cpus"),
        help: ArgumentHelp(
            "CPUs for the extraction threads, one each, as taskset writes them (e.g. 0 or 2,3); the worker's "
                + "other threads then keep off them.",
            valueName: "cpu-list"))
    var laneCPUs: String?

    @Option(help: "Anchor date YYYY-MM-DD for relative dates when an article has no dateline.")
    var date: String?

    @Option(help: "Seconds one extraction may run before the worker gives up its tasks and exits (to be restarted).")
    var extractionTimeout: Int = 120

    @Option(help: .hidden)
    var simulateDelayMs: Int = 0

    @Flag(help: .hidden)
    var noop = false

    @OptionGroup var limits: ArticleLimitOptions
    @OptionGroup var curve: SecurityOptions
    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var runChild: RunChildOptions

    public init() {}

    public func validate() throws {
        guard threads >= 1 else { throw ValidationError("Please give --threads a value of at least 1.") }
        guard extractionTimeout > 0 else {
            throw ValidationError("Please give --extraction-timeout a positive number.")
        }
        if let date, CalendarDate(iso: date) == nil { throw ValidationError("Please give --date as YYYY-MM-DD.") }
        _ = try laneCPUList()
        _ = try EndpointFlag.check(producer, flag: "--producer", .connect)
        _ = try EndpointFlag.check(collector, flag: "--collector", .connect)
    }

    public func run() throws {
        var configuration = Worker.Configuration()
        let logger = log.makeLogger("gleaner.worker", worker: configuration.name)
        configuration.producerEndpoint = try EndpointFlag.check(producer, flag: "--producer", .connect)
        configuration.collectorEndpoint = try EndpointFlag.check(collector, flag: "--collector", .connect)
        configuration.threads = threads
        configuration.laneCPUs = try laneCPUList()
        if !configuration.laneCPUs.isEmpty { try keepOffLaneCPUs(configuration.laneCPUs, logger: logger) }
        configuration.simulatedDelayMilliseconds = simulateDelayMs
        configuration.extractionTimeoutSeconds = extractionTimeout
        configuration.mode = noop ? .noop : .extract
        configuration.faults = FaultInjection.fromEnvironment()
        configuration.security = try curve.security(
            needsAllowList: false, needsProducerKey: true, needsCollectorKey: true)
        configuration.processor = ArticleProcessor(
            input: ArticleInput(maxBytes: limits.maxArticleBytes),
            options: ExtractionOptions(anchorDate: date.flatMap(CalendarDate.init(iso:))))
        let endpoints = "\(producer) and \(collector)"
        do {
            try RoleLaunch.run(
                "gleaner-worker", role: "worker", configuration: configuration, metrics: metrics, runChild: runChild,
                logger: logger
            ) { configuration, stop in
                let worker = try Worker(configuration, logger: logger, stop: stop)
                StandardStreams.writeLine("gleaner-worker: connecting to \(endpoints)")
                try worker.run()
            }
        } catch let fault as Worker.Fault {
            StandardStreams.writeLine("gleaner-worker: error: \(fault)", fd: 2)
            throw ExitCode.failure
        }
    }
}

extension WorkerCommand {
    /// `--lane-cpus` as CPUs, one per thread, each one this process may run on; [] when absent.
    func laneCPUList() throws -> [Int] {
        guard let laneCPUs else { return [] }
        guard let cpus = CPUAffinity.parseList(laneCPUs), Set(cpus).count == cpus.count else {
            throw ValidationError("Please give --lane-cpus as distinct CPU numbers, e.g. 0 or 2,3 or 0-3.")
        }
        guard cpus.count == threads else {
            throw ValidationError(
                "--lane-cpus names \(cpus.count) CPU(s) and --threads is \(threads): "
                    + "give one CPU per extraction thread.")
        }
        do { try CPUAffinity.check(cpus) } catch { throw ValidationError("--lane-cpus: \(error).") }
        return cpus
    }

    /// Restricts this (main) thread, and so every thread the worker starts after it, to the
    /// allowed CPUs no lane has; when the lanes take them all, the others stay unrestricted.
    func keepOffLaneCPUs(_ cpus: [Int], logger: Logger) throws {
        let others = CPUAffinity.allowed().filter { !cpus.contains($0) }
        guard !others.isEmpty else {
            logger.warning("--lane-cpus takes every CPU this process may use: the other threads share them.")
            return
        }
        do {
            try CPUAffinity.restrictCurrentThread(to: others)
        } catch {
            throw ValidationError("--lane-cpus: \(error).")
        }
        logger.info("Lanes on CPUs \(CPUAffinity.listText(cpus)); other threads on \(CPUAffinity.listText(others)).")
    }
}

/// Says at start who can reach a role's bound socket; plaintext beyond loopback is a warning.
func announce(_ exposure: BindPolicy.Exposure, role: String, logger: Logger) {
    switch exposure {
    case .local, .curve: logger.info("Bound socket exposure: \(exposure).")
    case .insecure: logger.warning("Bound socket exposure: \(exposure).")
    }
}
