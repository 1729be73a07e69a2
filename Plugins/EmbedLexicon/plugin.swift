import Foundation
import PackagePlugin

/// Embeds the word lists of `Sources/<target>/Lexicon/Data/*.txt` into the target at build
/// time: `EmbedLexiconTool` turns them into one generated Swift file (`LexiconData.swift`, one
/// string constant per list), so the binary needs no resource files at run time. The lists are
/// the source of truth; nothing generated is checked in.
@main
struct EmbedLexicon: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let data = context.package.directoryURL.appending(path: "Sources/\(target.name)/Lexicon/Data")
        let lists = try FileManager.default.contentsOfDirectory(at: data, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "LexiconData.swift")
        return [.buildCommand(
            displayName: "Embedding \(lists.count) word lists into \(target.name)",
            executable: try context.tool(named: "EmbedLexiconTool").url,
            arguments: [output.path] + lists.map(\.path),
            inputFiles: lists,
            outputFiles: [output])]
    }
}
