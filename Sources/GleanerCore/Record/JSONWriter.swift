/// A small, allocation-light JSON writer that produces compact, deterministic output.
///
/// Records are written field by field in a fixed order, so the same record always gives
/// byte-identical JSON. Strings are escaped per RFC 8259: `"` `\` and control characters;
/// everything else is written as UTF-8. The output never contains a raw newline, so one
/// record is always one line of a JSON Lines file.
///
/// Usage:
/// ```
/// var json = JSONWriter()
/// json.object { o in
///     o.field("name") { $0.string("Imran Khan") }
///     o.field("count") { $0.int(3) }
/// }
/// let bytes = json.bytes
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    public mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// Writes a finite double with up to 4 decimals (scores); non-finite values become null.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        let scaled = (value * 10_000).rounded() / 10_000
        if scaled == scaled.rounded() && abs(scaled) < 1e15 {
            bytes.append(contentsOf: String(Int(scaled)).utf8)
        } else {
            bytes.append(contentsOf: String(scaled).utf8)
        }
    }

    public mutating func string(_ value: String?) {
        guard let value else { return null() }
        var copy = value
        copy.withUTF8 { appendEscaped($0) }
    }

    /// Writes already-encoded JSON verbatim (e.g. a record received from a worker).
    public mutating func raw(_ json: some Sequence<UInt8>) { bytes.append(contentsOf: json) }

    public mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        bytes.append(0x5B)
        var first = true
        for item in items {
            if !first { bytes.append(0x2C) }
            first = false
            element(&self, item)
        }
        bytes.append(0x5D)
    }

    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        bytes.append(0x7B)
        // Move the buffer into the object writer and back (swaps, never copies), so nested
        // objects stay linear in the output size.
        var writer = ObjectWriter()
        swap(&bytes, &writer.json.bytes)
        body(&writer)
        swap(&bytes, &writer.json.bytes)
        bytes.append(0x7D)
    }

    /// Writes the members of one JSON object, inserting commas between them.
    public struct ObjectWriter {
        fileprivate var json = JSONWriter(reservingCapacity: 0)
        private var first = true

        fileprivate init() {}

        public mutating func field(_ name: StaticString, _ value: (inout JSONWriter) -> Void) {
            key(name)
            value(&json)
        }

        public mutating func field(named name: String, _ value: (inout JSONWriter) -> Void) {
            if !first { json.bytes.append(0x2C) }
            first = false
            json.string(name)
            json.bytes.append(0x3A)
            value(&json)
        }

        public mutating func field(_ name: StaticString, string value: String?) {
            field(name) { $0.string(value) }
        }

        public mutating func field(_ name: StaticString, int value: Int) {
            field(name) { $0.int(value) }
        }

        private mutating func key(_ name: StaticString) {
            if !first { json.bytes.append(0x2C) }
            first = false
            json.bytes.append(0x22)
            name.withUTF8Buffer { json.bytes.append(contentsOf: $0) }
            json.bytes.append(0x22)
            json.bytes.append(0x3A)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The string in quotes, escaped: the runs of bytes that need no escape (nearly all of a text)
    /// are copied whole, not appended byte by byte.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var plainFrom = 0
        for i in utf8.indices where utf8[i] < 0x20 || utf8[i] == 0x22 || utf8[i] == 0x5C {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom..<i]))
            appendEscape(of: utf8[i])
            plainFrom = i + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom...]))
        bytes.append(0x22)
    }

    /// The escape of a quote, a backslash or a control byte.
    private mutating func appendEscape(of byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
        case 0x0D: bytes.append(0x5C); bytes.append(0x72)
        case 0x09: bytes.append(0x5C); bytes.append(0x74)
        default:
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}
