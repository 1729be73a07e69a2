// Source: the Gleaner project (hand list), CC0. Read by Store/CountryNames.swift.
/// Names the gazetteer files under a country's ISO code although they name only a part of
/// that country (a constituent country, a territory, a region) or the people of a part:
/// the store keeps each as an entity of its own, with the code as an attribute, instead of
/// folding it into the country. One name a line, spelled as in the gazetteer.
enum CountryPartsData {
    static let names = #"""
England
Scotland
Wales
Northern Ireland
Gaza
West Bank
Tibet
English
Englishman
Englishmans
Englishwoman
Englishwomans
Scot
Scots
Scotsman
Scotsmans
Scottish
Welsh
Welshman
Welshmans
Northern Irish
"""#
}
