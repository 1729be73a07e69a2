import ArgumentParser
import Foundation

/// Flags from the environment: `GLEANER_<FLAG>` stands for `--<flag>` on every command.
///
/// The variable's name is the flag's long name in capitals with `-` turned into `_`
/// (`--max-article-bytes` ↔ `GLEANER_MAX_ARTICLE_BYTES`). A flag given on the command line
/// wins over its variable. Values:
/// - an option takes the value as it is (`GLEANER_STORE=/data/store` → `--store=/data/store`);
/// - a repeatable option takes a comma-separated list (`GLEANER_EXT=txt,html` → `--ext=txt --ext=html`);
/// - a flag without a value takes `1`/`true`/`yes`/`on` (given) or `0`/`false`/`no`/`off` (not given);
/// - an empty variable counts as unset.
/// Positional arguments (paths), `--help` and `--version` never come from the environment.
///
/// The table of flags is not written down here: it is read from the command's own argument
/// definitions, through swift-argument-parser's tool description (the JSON that
/// `--experimental-dump-help` prints), so a flag added, renamed or removed in a command changes
/// its variable with it. (`_dumpHelp()` is public but underscored; should a future
/// swift-argument-parser change it, the table comes out empty, no variable is read, and the
/// unit tests that look for the real commands' variables fail.)
///
/// Usage (an executable's `main.swift`): `ProducerCommand.mainReadingEnvironment()`.
public struct EnvironmentArguments: Sendable {
    /// What every variable name starts with.
    public static let prefix = "GLEANER_"

    /// Built-in flags of swift-argument-parser, which configure nothing.
    static let builtInFlags: Set<String> = ["help", "version"]

    /// A command-line token that turns the invocation into a request for help, a completion
    /// script or completions: the command line is then left as it is.
    static func isToolRequest(_ token: String) -> Bool {
        token == "--generate-completion-script" || token.hasPrefix("--generate-completion-script=")
            || token == "--experimental-dump-help" || token.hasPrefix("---")
    }

    /// One command of a tool: its flags and options, and its subcommands.
    struct CommandTable: Sendable {
        var names: [String]
        var flags: [FlagDefinition]
        var subcommands: [CommandTable]
        var defaultSubcommand: String?
    }

    /// One named argument of a command.
    struct FlagDefinition: Sendable, Equatable {
        enum Kind: Sendable { case option, flag }
        var longNames: [String]
        var shortNames: [String]
        var kind: Kind
        var isRepeating: Bool

        /// `GLEANER_` and the first long name, e.g. `GLEANER_LOG_LEVEL`.
        var variable: String {
            EnvironmentArguments.prefix + longNames[0].uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    /// A variable that could not be turned into a flag.
    public struct InvalidValue: Error, CustomStringConvertible, Equatable {
        public let variable: String
        public let value: String
        public var description: String {
            "\(variable)=\(value): this flag takes 1, true, yes or on (given) or 0, false, no or off (not given)."
        }
    }

    /// The flags taken from the environment, for the note printed when parsing fails.
    public struct Resolution: Equatable, Sendable {
        public var arguments: [String]
        /// `(variable, flag)` pairs, e.g. `("GLEANER_STORE", "--store=/data")`, in the order added.
        public var taken: [(variable: String, argument: String)]

        public static func == (a: Resolution, b: Resolution) -> Bool {
            a.arguments == b.arguments && a.taken.map(\.variable) == b.taken.map(\.variable)
                && a.taken.map(\.argument) == b.taken.map(\.argument)
        }
    }

    let root: CommandTable

    /// The flag table of `command` and its subcommands, from the command's definitions.
    public init(_ command: ParsableCommand.Type) {
        root = Self.table(fromToolDescription: command._dumpHelp())
    }

    init(root: CommandTable) { self.root = root }

    /// Every variable name that maps to a flag of this tool, in any subcommand.
    public var allVariables: Set<String> {
        var names: Set<String> = []
        func visit(_ table: CommandTable) {
            for flag in table.flags { names.insert(flag.variable) }
            table.subcommands.forEach(visit)
        }
        visit(root)
        return names
    }

    /// The command line to parse: `commandLine` (without the program name) with one flag added
    /// for each `GLEANER_` variable of the invoked (sub)command that the command line does not
    /// already give. Flags go before a `--` terminator, else at the end.
    public func resolve(_ commandLine: [String], environment: [String: String]) throws(InvalidValue) -> Resolution {
        var resolution = Resolution(arguments: commandLine, taken: [])
        let options = commandLine.prefix { $0 != "--" }
        guard !options.contains(where: Self.isToolRequest) else { return resolution }
        var added: [String] = []
        for flag in invokedCommand(commandLine).flags where !flag.longNames.isEmpty {
            guard !flag.longNames.contains(where: Self.builtInFlags.contains) else { continue }
            guard let value = environment[flag.variable], !value.isEmpty else { continue }
            guard !Self.commandLine(options, gives: flag) else { continue }
            let arguments = try Self.arguments(for: flag, value: value)
            added += arguments
            resolution.taken += arguments.map { (flag.variable, $0) }
        }
        let insertAt = commandLine.firstIndex(of: "--") ?? commandLine.endIndex
        resolution.arguments.insert(contentsOf: added, at: insertAt)
        return resolution
    }

    /// The (sub)command the command line runs: subcommand names are taken in order from the
    /// tokens that are not flags, then a default subcommand if the last one has one.
    func invokedCommand(_ commandLine: [String]) -> CommandTable {
        var current = root
        for token in commandLine.prefix(while: { $0 != "--" }) where !token.hasPrefix("-") {
            guard let next = current.subcommands.first(where: { $0.names.contains(token) }) else { break }
            current = next
        }
        while let name = current.defaultSubcommand,
              let next = current.subcommands.first(where: { $0.names.contains(name) }) {
            current = next
        }
        return current
    }

    /// True when `options` (the tokens before any `--`) name `flag` by a long or short name.
    static func commandLine(_ options: ArraySlice<String>, gives flag: FlagDefinition) -> Bool {
        options.contains { token in
            if token.hasPrefix("--") {
                let name = token.dropFirst(2).prefix { $0 != "=" }
                return flag.longNames.contains(String(name))
            }
            // A cluster of short flags (`-qv`) or a short option with its value (`-s5`).
            guard token.hasPrefix("-"), token.count > 1, let first = token.dropFirst().first else { return false }
            return flag.shortNames.contains(String(first))
        }
    }

    /// The command-line tokens that stand for `value` of `flag`'s variable.
    static func arguments(for flag: FlagDefinition, value: String) throws(InvalidValue) -> [String] {
        let name = "--" + flag.longNames[0]
        switch flag.kind {
        case .option where flag.isRepeating:
            return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.map { "\(name)=\($0)" }
        case .option:
            return ["\(name)=\(value)"]
        case .flag:
            switch value.lowercased() {
            case "1", "true", "yes", "on": return [name]
            case "0", "false", "no", "off": return []
            default: throw InvalidValue(variable: flag.variable, value: value)
            }
        }
    }
}

// MARK: - Reading the tool description

extension EnvironmentArguments {
    /// The parts of swift-argument-parser's tool description (`ToolInfoV0`) the table needs.
    private struct ToolDescription: Decodable {
        struct Command: Decodable {
            var commandName: String
            var aliases: [String]?
            var defaultSubcommand: String?
            var subcommands: [Command]?
            var arguments: [Argument]?
        }
        struct Argument: Decodable {
            struct Name: Decodable { var kind: String; var name: String }
            var kind: String
            var isRepeating: Bool
            var names: [Name]?
        }
        var command: Command
    }

    /// Builds the table from the tool description's JSON; an unreadable description gives an
    /// empty table (no flag is then read from the environment), never a crash.
    static func table(fromToolDescription json: String) -> CommandTable {
        guard let tool = try? JSONDecoder().decode(ToolDescription.self, from: Data(json.utf8)) else {
            return CommandTable(names: [], flags: [], subcommands: [], defaultSubcommand: nil)
        }
        return table(tool.command)
    }

    private static func table(_ command: ToolDescription.Command) -> CommandTable {
        let flags = (command.arguments ?? []).compactMap { argument -> FlagDefinition? in
            let kind: FlagDefinition.Kind
            switch argument.kind {
            case "option": kind = .option
            case "flag": kind = .flag
            default: return nil  // positional
            }
            let names = argument.names ?? []
            return FlagDefinition(longNames: names.filter { $0.kind == "long" }.map(\.name),
                                  shortNames: names.filter { $0.kind == "short" }.map(\.name),
                                  kind: kind, isRepeating: argument.isRepeating)
        }
        return CommandTable(names: [command.commandName] + (command.aliases ?? []), flags: flags,
                            subcommands: (command.subcommands ?? []).map(table),
                            defaultSubcommand: command.defaultSubcommand)
    }
}

// MARK: - Running a command

extension ParsableCommand {
    /// Parses the command line completed from `GLEANER_` variables (see `EnvironmentArguments`)
    /// and runs the command, exiting as `main()` does. When parsing fails and a variable
    /// contributed a flag, the error is preceded by a note naming the variables used.
    /// Foundation errors that reach the top are printed as plain sentences (exit 1).
    public static func mainReadingEnvironment() {
        let environment = ProcessInfo.processInfo.environment
        let commandLine = Array(CommandLine.arguments.dropFirst())
        var resolution = EnvironmentArguments.Resolution(arguments: commandLine, taken: [])
        // Without a GLEANER_ variable there is nothing to add: skip building the flag table from
        // the whole help (a quarter of the start-up, which is most of a small query's time).
        if environment.keys.contains(where: { $0.hasPrefix(EnvironmentArguments.prefix) }) {
            do {
                resolution = try EnvironmentArguments(self).resolve(commandLine, environment: environment)
            } catch {
                exit(withError: ValidationError(error.description))
            }
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(resolution.arguments)
        } catch {
            if !resolution.taken.isEmpty, !(error is CleanExit) {
                let used = resolution.taken.map { "\($0.variable) → \($0.argument)" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("Note: flags taken from the environment: \(used)\n".utf8))
            }
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            exit(withError: plain(error))
        }
        exit(withError: nil)
    }
}

// MARK: - Child processes

extension EnvironmentArguments {
    /// Every `GLEANER_` variable that stands for a flag of one of the four executables.
    static let toolVariables: Set<String> = [Gleaner.self, CollectorCommand.self, ProducerCommand.self,
                                             WorkerCommand.self].reduce(into: []) { names, command in
        names.formUnion(EnvironmentArguments(command).allVariables)
    }

    /// The environment of a role started by `gleaner run` or `gleaner chaos`: this process's,
    /// less the variables that stand for flags (the parent gives its children every setting as a
    /// flag, so a `GLEANER_CURVE_KEY` meant for a lone worker cannot reach them), plus `extra`.
    static func childEnvironment(adding extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !toolVariables.contains($0.key) }.merging(extra) { $1 }
    }
}
