/// Reading the parts of dates from tokens.
enum DateWords {
    /// "21", "21st", "3rd": a day of the month.
    static func dayNumber(_ t: Token) -> Int? {
        var s = t.lower
        for suffix in Lexicon.ordinalSuffixes where s.hasSuffix(suffix) { s.removeLast(2); break }
        guard let v = Int(s), (1...31).contains(v) else { return nil }
        return v
    }

    /// A four-digit year from 1800 to 2199.
    static func year(_ t: Token) -> Int? {
        guard t.kind == .number, t.text.utf8.count == 4, let v = Int(t.text),
            (1800...2199).contains(v) else { return nil }
        return v
    }

    /// A capitalised month name or abbreviation ("March", "Feb."); in capitals only when short ("MAR").
    static func month(_ t: Token) -> Int? {
        guard t.kind == .word, t.isCap, !(t.isAllCaps
            && t.end - t.start > 3 - (t.text.hasSuffix(".") ? 0 : 1)) else { return nil }
        var l = t.lower
        if l.hasSuffix(".") { l.removeLast() }
        return Lexicon.months[l]
    }

    /// The first full calendar date in a short dateline-like line, if the line is mostly a
    /// date: "LONDON 1996-08-30", "Friday, July 21, 2017", "Published 6 March 2023". At most two
    /// other words (weekdays, dateline words and words in capitals do not count).
    static func datelineDate(_ line: String) -> CalendarDate? {
        let toks = Tokenizer.tokenize(Array(line.unicodeScalars))
        var found: CalendarDate? = nil
        var other = 0
        var k = 0
        while k < toks.count {
            let t = toks[k]
            if found == nil, let (date, end) = fullDate(toks, at: k) { found = date; k = end + 1; continue }
            if t.kind == .word && Lexicon.weekdays[t.lower] == nil && !Lexicon.datelineWords.contains(t.lower)
                && !t.isAllCaps { other += 1 }
            k += 1
        }
        return other <= 2 ? found : nil
    }

    /// "1996-08-30", "July 21, 2017" or "21 July 2017" starting at token k, and its last token.
    private static func fullDate(_ toks: [Token], at k: Int) -> (CalendarDate, Int)? {
        let t = toks[k]
        if let d = CalendarArithmetic.parseISO(t.text) { return (d, k) }
        if let m = month(t), k + 1 < toks.count, let d = dayNumber(toks[k + 1]) {
            var j = k + 2
            if j < toks.count && toks[j].text == "," { j += 1 }
            if j < toks.count, let y = year(toks[j]), CalendarArithmetic.isValid(y, m,
                d) { return (CalendarDate(year: y, month: m, day: d), j) }
        }
        if let d = dayNumber(t), k + 2 < toks.count, let m = month(toks[k + 1]), let y = year(toks[k + 2]),
            CalendarArithmetic.isValid(y, m, d) {
            return (CalendarDate(year: y, month: m, day: d), k + 2)
        }
        return nil
    }
}
