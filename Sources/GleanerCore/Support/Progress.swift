/// Live progress on stderr: a redrawn line on a terminal, a plain line every few seconds
/// otherwise (logs and CI stay readable).
public final class ProgressReporter {
    /// Tasks to do; may grow while the producer is still planning.
    public var total: Int
    private let label: String
    private let isTerminal: Bool
    private let started = MonotonicClock.milliseconds()
    private var lastPrint = 0
    private let interval: Int

    public init(label: String, total: Int, isTerminal: Bool = StandardStreams.isTerminal(fd: 2)) {
        self.label = label
        self.total = total
        self.isTerminal = isTerminal
        self.interval = isTerminal ? 200 : 5_000
    }

    /// Redraws if the interval has passed since the last line.
    public func update(done: Int, force: Bool = false) {
        let now = MonotonicClock.milliseconds()
        guard force || now - lastPrint >= interval else { return }
        lastPrint = now
        let seconds = Double(now - started) / 1000
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let line =
            "\(label): \(done)/\(total) done, \(Format.decimal(rate, 1)) articles/s, ETA \(Format.duration(remaining))"
        if isTerminal {
            StandardStreams.write("\r\u{1B}[K" + line, fd: 2)
        } else {
            StandardStreams.writeLine(line, fd: 2)
        }
    }

    /// Ends the redrawn line on a terminal.
    public func finish() { if isTerminal { StandardStreams.write("\n", fd: 2) } }
}

public enum Format {
    /// A number with a fixed count of decimals, e.g. `decimal(3.14159, 1)` is "3.1".
    public static func decimal(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if places == 0 {
                text = String(text[..<dot])
            } else if decimals < places {
                text += String(repeating: "0", count: places - decimals)
            }
        }
        return text
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
