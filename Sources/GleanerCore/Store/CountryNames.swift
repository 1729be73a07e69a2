/// A country's own names: the only names the store merges by ISO country code.
///
/// "UK", "U.K.", "Britain", "Great Britain" and "United Kingdom" all name the country GB and
/// become one entity; "Scotland", "Dundee" or "White House" carry a country code too, but
/// they name a place of their own: the store keeps them apart, with the code as an
/// attribute. Own names are the gazetteer's country names (LOC) and demonyms (NORP), minus
/// the parts listed in GleanerExtraction's `Lexicon/Data/country-parts.txt`. Names compare as `NameKey`s.
enum CountryNames {
    /// NameKey of a country's own name → its ISO 3166-1 alpha-2 code.
    private static let places = table(CountryLexicon.countries)
    /// NameKey of a demonym of a whole country → its code.
    private static let peoples = table(CountryLexicon.demonyms)

    /// The code of the country that the name with `NameKey` `key` names as a whole, for a
    /// LOC (country name) or a NORP (demonym) entity; nil for any other name or type.
    static func ownCode(ofKey key: String, type: String) -> String? {
        switch type {
        case "LOC": return places[key]
        case "NORP": return peoples[key]
        default: return nil
        }
    }

    private static func table(_ names: [String: String]) -> [String: String] {
        let parts = Set(CountryLexicon.parts.map { NameKey.normalize($0) })
        var out: [String: String] = [:]
        for (name, code) in names.sorted(by: { $0.key < $1.key }) where code.count == 2 {  // "-": no single country
            let key = NameKey.normalize(name)
            if !parts.contains(key), out[key] == nil { out[key] = code }
        }
        return out
    }
}
