import ArgumentParser
@testable import GleanerCLI
import XCTest

final class EnvironmentArgumentsTests: XCTestCase {
    private let producer = EnvironmentArguments(ProducerCommand.self)
    private let gleaner = EnvironmentArguments(Gleaner.self)

    func testVariables_followEveryFlagOfTheRealCommands() {
        let collector = EnvironmentArguments(CollectorCommand.self).allVariables
        for name in ["GLEANER_STORE", "GLEANER_BIND", "GLEANER_INSECURE", "GLEANER_MAX_ARTICLE_BYTES",
                     "GLEANER_CURVE_KEY", "GLEANER_CURVE_ALLOW", "GLEANER_LOG_LEVEL", "GLEANER_LOG_FORMAT"] {
            XCTAssertTrue(collector.contains(name), "collector lacks \(name)")
        }
        XCTAssertTrue(producer.allVariables.isSuperset(of: ["GLEANER_COLLECTOR", "GLEANER_LEASE", "GLEANER_EXT",
                                                            "GLEANER_STDIN_LIST", "GLEANER_CONNECT_TIMEOUT"]))
        XCTAssertTrue(EnvironmentArguments(WorkerCommand.self).allVariables.isSuperset(
            of: ["GLEANER_PRODUCER", "GLEANER_THREADS", "GLEANER_PRODUCER_KEY", "GLEANER_EXTRACTION_TIMEOUT"]))
        XCTAssertTrue(gleaner.allVariables.isSuperset(of: ["GLEANER_WORKERS", "GLEANER_JSON", "GLEANER_TOP"]),
                      "subcommands' flags are in the umbrella's table")
        XCTAssertFalse(collector.contains("GLEANER_PATHS"), "positional arguments are not variables")
    }

    func testResolve_addsAnOptionFromItsVariable() throws {
        let resolved = try producer.resolve(["in"], environment: ["GLEANER_LEASE": "90", "GLEANER_QUIET": "true"])
        XCTAssertEqual(Set(resolved.arguments), ["in", "--lease=90", "--quiet"])
        XCTAssertEqual(resolved.arguments.first, "in")
        let command = try XCTUnwrap(ProducerCommand.parseAsRoot(resolved.arguments) as? ProducerCommand)
        XCTAssertEqual(command.lease, 90)
        XCTAssertTrue(command.quiet)
    }

    func testResolve_whenTheFlagIsOnTheCommandLine_theCommandLineWins() throws {
        let environment = ["GLEANER_LEASE": "90", "GLEANER_LOG_LEVEL": "debug"]
        let resolved = try producer.resolve(["in", "--lease", "5", "--log-level=error"], environment: environment)
        XCTAssertEqual(resolved.arguments, ["in", "--lease", "5", "--log-level=error"])
        XCTAssertTrue(resolved.taken.isEmpty)
    }

    func testResolve_ignoresEmptyAndUnrelatedVariables() throws {
        let environment = ["GLEANER_LEASE": "", "GLEANER_FAULT_CRASH_ON": "x", "GLEANER_THREADS": "4", "HOME": "/root"]
        XCTAssertEqual(try producer.resolve(["in"], environment: environment).arguments, ["in"],
                       "GLEANER_THREADS is a worker flag, not a producer flag")
    }

    func testResolve_repeatableOptionTakesACommaSeparatedList() throws {
        let resolved = try producer.resolve(["in"], environment: ["GLEANER_EXT": "txt, html,,jsonl"])
        XCTAssertEqual(resolved.arguments, ["in", "--ext=txt", "--ext=html", "--ext=jsonl"])
        let command = try XCTUnwrap(ProducerCommand.parseAsRoot(resolved.arguments) as? ProducerCommand)
        XCTAssertEqual(command.extensions, ["txt", "html", "jsonl"])
    }

    func testResolve_flagFalseLeavesItOut_andAnUnclearValueIsAnError() throws {
        XCTAssertEqual(try producer.resolve(["in"], environment: ["GLEANER_QUIET": "off"]).arguments, ["in"])
        XCTAssertThrowsError(try producer.resolve(["in"], environment: ["GLEANER_QUIET": "maybe"])) { error in
            XCTAssertEqual(error as? EnvironmentArguments.InvalidValue,
                           EnvironmentArguments.InvalidValue(variable: "GLEANER_QUIET", value: "maybe"))
        }
    }

    func testResolve_aValueThatLooksLikeAFlagStaysOneValue() throws {
        let resolved = try producer.resolve(["in"], environment: ["GLEANER_COLLECTOR": "--weird"])
        XCTAssertEqual(resolved.arguments, ["in", "--collector=--weird"])
    }

    func testResolve_goesBeforeATerminator() throws {
        let resolved = try producer.resolve(["--", "-odd-name.txt"], environment: ["GLEANER_LEASE": "7"])
        XCTAssertEqual(resolved.arguments, ["--lease=7", "--", "-odd-name.txt"])
        let command = try XCTUnwrap(ProducerCommand.parseAsRoot(resolved.arguments) as? ProducerCommand)
        XCTAssertEqual(command.paths, ["-odd-name.txt"])
        XCTAssertEqual(command.lease, 7)
    }

    func testResolve_inTheUmbrella_usesTheInvokedSubcommandsFlags() throws {
        let environment = ["GLEANER_STORE": "/data/store", "GLEANER_JSON": "1", "GLEANER_WORKERS": "3"]
        XCTAssertEqual(Set(try gleaner.resolve(["query", "stats"], environment: environment).arguments),
                       ["query", "stats", "--store=/data/store", "--json"])
        XCTAssertEqual(Set(try gleaner.resolve(["run", "seeds"], environment: environment).arguments),
                       ["run", "seeds", "--store=/data/store", "--workers=3"])
        XCTAssertEqual(try gleaner.resolve([], environment: environment).arguments, [],
                       "the root command has no flags to take")
    }

    func testResolve_leavesCompletionAndHelpRequestsAlone() throws {
        let environment = ["GLEANER_STORE": "/data/store"]
        for line in [["--generate-completion-script", "bash"], ["---completion", "query", "--", "--st"],
                     ["query", "--experimental-dump-help"]] {
            XCTAssertEqual(try gleaner.resolve(line, environment: environment).arguments, line)
        }
    }

    func testChildEnvironment_dropsFlagVariablesOnly() {
        XCTAssertTrue(EnvironmentArguments.toolVariables.isSuperset(of: ["GLEANER_CURVE_KEY", "GLEANER_STORE",
                                                                         "GLEANER_WORKERS", "GLEANER_THREADS"]))
        XCTAssertFalse(EnvironmentArguments.toolVariables.contains("GLEANER_BIN_DIR"))
        XCTAssertFalse(EnvironmentArguments.toolVariables.contains("GLEANER_FAULT_CRASH_ON"))
        setenv("GLEANER_CURVE_KEY", "keys/lone-worker.key", 1)
        setenv("GLEANER_BIN_DIR", "/opt/gleaner/bin", 1)
        defer { unsetenv("GLEANER_CURVE_KEY"); unsetenv("GLEANER_BIN_DIR") }
        let child = EnvironmentArguments.childEnvironment(adding: ["GLEANER_FAULT_CRASH_ON": "x"])
        XCTAssertNil(child["GLEANER_CURVE_KEY"], "a flag variable reached a child of gleaner run")
        XCTAssertEqual(child["GLEANER_BIN_DIR"], "/opt/gleaner/bin")
        XCTAssertEqual(child["GLEANER_FAULT_CRASH_ON"], "x")
    }

    func testTable_fromAnUnreadableDescription_isEmptyNotACrash() throws {
        let table = EnvironmentArguments(root: EnvironmentArguments.table(fromToolDescription: "not json"))
        XCTAssertEqual(try table.resolve(["x"], environment: ["GLEANER_STORE": "s"]).arguments, ["x"])
    }

    /// The deployment files configure roles by variables: each one must still name a real flag.
    func testDeployFiles_useOnlyVariablesOfRealFlags() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let deploy = repository.appendingPathComponent("deploy")
        let notFlags: Set<String> = ["GLEANER_INPUT"]  // compose.yaml's input folder, read by Docker Compose
        let pattern = try NSRegularExpression(pattern: "GLEANER_[A-Z0-9_]+")
        var checked = 0
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: deploy.path)).compactMap { $0 as? String }
        for file in files where [".yaml", ".service", ".env", ".md"].contains(where: file.hasSuffix) {
            let text = try String(contentsOf: deploy.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range, in: text)!])
                checked += 1
                XCTAssertTrue(EnvironmentArguments.toolVariables.contains(name) || notFlags.contains(name),
                              "deploy/\(file) uses \(name), which is no flag of any command")
            }
        }
        XCTAssertGreaterThan(checked, 30, "found too few variables under \(deploy.path)")
    }
}
