import ArgumentParser
extension Gleaner {
    public struct Run: ParsableCommand { public init() {} }
    public struct Query: ParsableCommand { public init() {} }
    public struct Export: ParsableCommand { public init() {} }
}
