import ArgumentParser
import CoreMetrics
import GleanerCore
import GleanerService
import Logging

/// `--metrics ADDRESS`, shared by the three roles.
struct MetricsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Serve Prometheus metrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9464; port 0: any free port; * for "
                + "every interface). Off unless given.")
    )
    var metrics: String?

    func validate() throws { _ = try address() }

    func address() throws -> MetricsAddress? {
        guard let metrics else { return nil }
        do { return try MetricsAddress(metrics) } catch { throw ValidationError("Please check --metrics: \(error).") }
    }
}

/// Runs a role executable's role as services (`RoleProcess`): the metrics endpoint if
/// `--metrics` is given, the parent watch for children of `gleaner run`, then the role,
/// stopped gracefully by SIGTERM/SIGINT.
enum RoleLaunch {
    /// - Parameter executable: the name readiness lines start with (`gleaner-producer`).
    /// - Parameter configuration: the role's configuration; its metrics factory is set here.
    /// - Parameter body: makes and runs the role on its own thread with that configuration
    ///   and the role's stop token.
    static func run<Configuration: MetricsConfigurable, Outcome: Sendable>(
        _ executable: String, role: String, configuration: Configuration, metrics: MetricsOptions,
        runChild: RunChildOptions, logger: Logger,
        body: @escaping @Sendable (Configuration, StopToken) throws -> Outcome
    ) throws -> Outcome {
        StopSignal.install()  // until the service group listens for signals (RoleService.earlierStop)
        let signals = runChild.gracefulSignals()
        var factory: any MetricsFactory = NOOPMetricsHandler.instance
        var server: MetricsServer?
        if let address = try metrics.address() {
            let catalog = CatalogMetricsFactory()
            factory = catalog
            server = try MetricsServer(address: address, registry: catalog.registry, logger: logger)
        }
        var configuration = configuration
        configuration.metricsFactory = factory
        let service = RoleService(name: role, earlierStop: .process) { [configuration] stop in
            try body(configuration, stop)
        }
        do {
            return try RoleProcess.run(
                service, metrics: server, helpers: runChild.helpers(logger: logger), signals: signals, logger: logger,
                onMetricsListening: { url in StandardStreams.writeLine("\(executable): metrics on \(url)") })
        } catch let error as MetricsServer.ListenError {
            throw RuntimeError("\(error)")
        }
    }
}
