/// Word lists the extractor consults, parsed once from the generated `Data/*.swift` literals
/// and the small hand-written tables below. Immutable and shared (`static let`).
enum Lexicon {
    static func lines(_ s: String) -> [Substring] { s.split(separator: "\n", omittingEmptySubsequences: true) }

    static func table(_ s: String) -> [String: String] {
        var d: [String: String] = [:]
        for line in lines(s) {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let v = String(line[line.index(after: tab)...])
            d[String(line[..<tab])] = v
        }
        return d
    }

    static func list(_ s: String) -> [String] { lines(s).map(String.init) }
    static func set(_ words: [String]) -> WordTable<Bool> { WordTable(Dictionary(words.map { ($0, true) }, uniquingKeysWith: { a, _ in a })) }

    static let countries = WordTable(table(GeoData.countries))
    static let demonyms = WordTable(table(GeoData.demonyms))
    static let places = WordTable(table(GeoData.places))
    static let givenNames = set(list(NameData.givenNames))
    static let maleNames = set(list(NameData.maleNames))
    static let femaleNames = set(list(NameData.femaleNames))
    static let surnames = set(list(NameData.surnames))
    static let commonWords = set(list(WordData.commonWords))

    /// First words of the multi-word names in the country, nationality, place and organisation
    /// lists ("New" for "New Zealand"): a run of words whose first word is not among them
    /// cannot be one of those names.
    static let multiWordStarts: WordSet = {
        var starts = Set<String>()
        func add(_ key: some StringProtocol) {
            if let space = key.firstIndex(of: " ") { starts.insert(String(key[..<space])) }
        }
        for source in [GeoData.countries, GeoData.demonyms, GeoData.places] {
            for line in lines(source) { add(line[..<(line.firstIndex(of: "\t") ?? line.endIndex)]) }
        }
        for name in knownOrgNames.keys { add(name) }
        return WordSet(starts)
    }()

    /// A country or a known place ("Ontario", "Kanata" is not; "Texas", "New Zealand" are).
    static func isPlaceName(_ s: String) -> Bool { countries[s] != nil || places[s] != nil }


    /// Per-word membership bits, so each token is looked up twice (lowercase, exact) instead of
    /// once per list. Bit order follows `Flag`.
    struct Flag: OptionSet, Sendable {
        let rawValue: UInt32
        static let commonWords = Flag(rawValue: 1 << 0)
        static let cueVerbs = Flag(rawValue: 1 << 1)
        static let functionWords = Flag(rawValue: 1 << 2)
        static let locHeads = Flag(rawValue: 1 << 3)
        static let miscHeads = Flag(rawValue: 1 << 4)
        static let orgHeads = Flag(rawValue: 1 << 5)
        static let titleWords = Flag(rawValue: 1 << 6)
        static let weakTitleWords = Flag(rawValue: 1 << 7)
        static let roleNouns = Flag(rawValue: 1 << 8)
        static let pronounsMale = Flag(rawValue: 1 << 9)
        static let pronounsFemale = Flag(rawValue: 1 << 10)
        static let givenNames = Flag(rawValue: 1 << 11)
        static let surnames = Flag(rawValue: 1 << 12)
    }
    static let lowerFlags: WordTable<Flag> = {
        var d: [String: Flag] = [:]
        for w in list(WordData.commonWords) { d[w, default: []].insert(.commonWords) }
        for w in cueVerbs { d[w, default: []].insert(.cueVerbs) }
        for w in functionWords { d[w, default: []].insert(.functionWords) }
        for w in locHeads { d[w, default: []].insert(.locHeads) }
        for w in miscHeads { d[w, default: []].insert(.miscHeads) }
        for w in orgHeads { d[w, default: []].insert(.orgHeads) }
        for w in titleWords { d[w, default: []].insert(.titleWords) }
        for w in weakTitleWords { d[w, default: []].insert(.weakTitleWords) }
        for w in roleNouns { d[w, default: []].insert(.roleNouns) }
        for w in pronounsMale { d[w, default: []].insert(.pronounsMale) }
        for w in pronounsFemale { d[w, default: []].insert(.pronounsFemale) }
        return WordTable(d)
    }()
    static let exactFlags: WordTable<Flag> = {
        var d: [String: Flag] = [:]
        for w in list(NameData.givenNames) { d[w, default: []].insert(.givenNames) }
        for w in list(NameData.surnames) { d[w, default: []].insert(.surnames) }
        return WordTable(d)
    }()

    /// Builds every table now, so the first article does not pay for it (workers call this
    /// at start; the benchmark before timing).
    static func preload() {
        _ = (countries.contains("x"), demonyms.contains("x"), places.contains("x"), maleNames.contains("x"), femaleNames.contains("x"))
        _ = (lowerFlags.contains("the"), exactFlags.contains("John"), knownOrgs.contains("x"), knownMisc.count, nonNames.count)
        _ = (givenNames.contains("x"), surnames.contains("x"))
        _ = (abbreviations.count, titleAbbreviations.count, functionWords.count, commonWords.contains("x"), multiWordStarts.count)
    }

    static func words(_ s: String) -> WordSet { WordSet(s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)) }

    /// Capitalised words that never start or form a name on their own.
    static let functionWords = words("""
    the a an this that these those there their they them he she his her hers it its we our us you your i me my
    but and or nor so yet for if when while where what which who whom whose why how after before since until
    as at by in on of to from with without into onto over under about above below between among through during
    despite although though because unless whether also however meanwhile moreover nevertheless still then thus
    here now today yesterday tomorrow tonight yes no not all any some many most more much few several each every
    both either neither one two three four five six seven eight nine ten first second third last next other
    such only even just very too again already instead perhaps maybe indeed overall earlier later once
    according speaking asked said says told mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    """)

    static let months = WordTable<Int>([
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
        "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    ])
    static let weekdays = WordTable<Int>([  // ISO: Monday = 1
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ])

    /// Abbreviations that keep their final period inside the token.
    static let abbreviations = words("""
    mr mrs ms dr prof gen col lt sgt capt maj adm gov sen rep rev st mt ft jr sr inc ltd co corp plc bros
    jan feb mar apr jun jul aug sep sept oct nov dec vs etc no nos dept univ est approx fig op
    """)
    /// Abbreviations after which a sentence never ends (titles).
    static let titleAbbreviations = words("mr mrs ms dr prof gen col lt sgt capt maj adm gov sen rep rev st mt")

    /// Titles and roles stripped from the front of a name and recorded as roles.
    static let titleWords = words("""
    mr mrs ms miss dr prof professor president vice prime minister secretary chancellor governor treasurer
    senator sen rep congressman congresswoman judge justice chief general gen col colonel captain capt lt
    lieutenant major sgt sergeant admiral commander king queen prince princess pope cardinal archbishop bishop
    rev reverend father sheikh lord lady sir dame ambassador envoy spokesman spokeswoman spokesperson
    chairman chairwoman director mayor councillor deputy former coach manager striker midfielder defender
    goalkeeper skipper premier leader speaker emperor president-elect minister-designate commissioner
    inspector detective constable superintendent officer attorney solicitor barrister ceo chef
    singer actor actress star agent author writer novelist producer rapper comedian presenter broadcaster
    artist designer photographer musician guitarist drummer songwriter composer player footballer cricketer
    boss economist analyst lawyer scientist researcher activist campaigner entrepreneur businessman
    businesswoman tycoon billionaire veteran rival colleague chairperson cleric preacher imam rabbi priest
    pastor archdeacon dean emeritus shadow undersecretary diplomat counterpart administrator operating
    co-chairman co-chair co-founder vice-president vice-chairman vice-chair
    foreign finance defence defense interior home trade health education justice economy energy
    state opposition assistant acting executive senior junior first lieutenant-general brigadier marshal
    """)
    /// Title words that can begin an ORG name too ("General Assembly", "Foreign Office").
    static let weakTitleWords = words("general state foreign home chief first senior trade health education justice finance defence defense interior energy economy opposition executive")

    static let orgHeads = words("""
    bank party ministry university council inc ltd corp co plc group office commission committee agency
    association federation union institute foundation fund court police army forces force airlines airways
    motors club fc parliament congress senate government department authority board service services times
    post news journal telegraph guardian herald press network television tv radio corporation company
    holdings securities exchange reserve treasury school college academy hospital church trust society
    organisation organization coalition alliance movement front brigade brigades assembly cabinet
    administration bureau unit division navy corps industries international limited llc ag sa nv gmbh
    records studios pictures entertainment media broadcasting channel magazine daily tribune gazette
    observer express mirror chronicle monitor insider museum library orchestra band institution centre center
    tribunal taskforce task mission embassy consulate regiment battalion squad team bancorp bancshares
    partners capital investments energy petroleum oil gas pharmaceuticals labs laboratories systems
    technologies software electronics communications telecom airline railways railway rail conference
    municipality pharmaceutical pharma stockbrokers brokers associates consulting consultants ventures
    brewery foods stores financial brothers networks
    banque banques banco banca groupe gruppo instituto institut universidad universita université
    universität partido movimento ministerio ministère
    """)
    static let locHeads = words("""
    city river mountain mountains island islands lake bay sea ocean valley province county region street
    square airport park road avenue bridge theatre theater stadium arena hall palace strait peninsula
    desert coast canal highway district borough village town state republic kingdom emirates heights
    station hotel mosque cathedral temple memorial prison jail tower towers cave caves planetarium pier
    harbour harbor base complex strip
    """)
    /// Last words that make a building of an organisation's name ("Kennedy Space Center") unless
    /// an "of"/"for" phrase names what it does ("Center for Strategic Studies").
    static let facilityHeads = words("center centre")
    /// Buildings and streets that stand for a government: places, like "Islamabad said" (DESIGN.md).
    static let governmentSeats = words("White_House Downing_Street Whitehall")
    /// Last words of newspaper titles that follow a place name ("Toronto Star", "Edmonton Sun").
    static let newspaperHeads = words("star sun globe mail standard independent inquirer examiner courier record bulletin dispatch recorder")
    /// Labels of photo captions and credits ("Image: Nick Moreau"), never part of a name.
    static let captionLabels = words("image photo picture credit credits source video file caption")
    static let miscHeads = words("""
    cup championship championships games olympics olympic festival awards award prize war summit index
    treaty act open tour trophy series grand prix marathon derby league premiership show expo bill fair
    """)

    /// Well-known organisations and their canonical names (ours).
    static let knownOrgs = WordTable(knownOrgNames)
    private static let knownOrgNames: [String: String] = [
        "UN": "United Nations", "U.N.": "United Nations", "United Nations": "United Nations",
        "EU": "European Union", "European Union": "European Union", "NATO": "NATO", "Nato": "NATO",
        "BBC": "BBC", "CNN": "CNN", "VOA": "Voice of America", "Reuters": "Reuters", "AFP": "AFP",
        "IMF": "International Monetary Fund", "WHO": "World Health Organization", "FBI": "FBI", "CIA": "CIA",
        "OPEC": "OPEC", "Opec": "OPEC", "WTO": "World Trade Organization", "Fed": "Federal Reserve",
        "Pentagon": "Pentagon", "Kremlin": "Kremlin", "Taliban": "Taliban", "Hamas": "Hamas",
        "Hezbollah": "Hezbollah", "Google": "Google", "Microsoft": "Microsoft", "Apple": "Apple",
        "Amazon": "Amazon", "Facebook": "Facebook", "Twitter": "Twitter", "Sony": "Sony", "Nokia": "Nokia",
        "Labour": "Labour Party", "Tories": "Conservative Party", "Tory": "Conservative Party",
        "Conservatives": "Conservative Party", "Conservative": "Conservative Party", "Republican": "Republican Party", "Republicans": "Republican Party",
        "Democrats": "Democratic Party", "Democrat": "Democratic Party", "SNP": "Scottish National Party", "UKIP": "UK Independence Party",
        "Plaid Cymru": "Plaid Cymru", "Sinn Fein": "Sinn Féin", "DUP": "Democratic Unionist Party", "Lib Dems": "Liberal Democrats", "Lib Dem": "Liberal Democrats",
        "Liberal Democrats": "Liberal Democrats", "Commons": "House of Commons", "Interpol": "Interpol",
        "Nasdaq": "Nasdaq", "Airbus": "Airbus", "Boeing": "Boeing", "Yahoo": "Yahoo", "Intel": "Intel",
        "IBM": "IBM", "Vodafone": "Vodafone", "Toyota": "Toyota", "Ofcom": "Ofcom", "Ofwat": "Ofwat",
        "Ofgem": "Ofgem", "Treasury": "HM Treasury", "Scotland Yard": "Metropolitan Police Service",
        "Liberal Democrat": "Liberal Democrats", "Federal Reserve": "Federal Reserve", "Tehrik-e-Insaf": "Pakistan Tehreek-e-Insaf",
        "PTI": "Pakistan Tehreek-e-Insaf", "PML-N": "Pakistan Muslim League (N)", "PPP": "Pakistan Peoples Party", "ASEAN": "ASEAN",
        "Xinhua": "Xinhua", "Sega": "Sega", "Nintendo": "Nintendo", "Samsung": "Samsung", "Siemens": "Siemens",
        "Volkswagen": "Volkswagen", "Renault": "Renault", "Peugeot": "Peugeot", "Fiat": "Fiat", "Ford": "Ford Motor Company",
        "Gazprom": "Gazprom", "Rosneft": "Rosneft", "Yukos": "Yukos", "Shell": "Shell", "BP": "BP", "Exxon": "ExxonMobil",
        "ExxonMobil": "ExxonMobil", "Chevron": "Chevron", "Total": "TotalEnergies", "Barclays": "Barclays", "HSBC": "HSBC",
        "Lloyds": "Lloyds Banking Group", "Citigroup": "Citigroup", "Goldman Sachs": "Goldman Sachs", "Morgan Stanley": "Morgan Stanley",
        "JP Morgan": "JPMorgan Chase", "Deutsche Bank": "Deutsche Bank", "UBS": "UBS", "Tesco": "Tesco", "Sainsbury's": "Sainsbury's",
        "Walmart": "Walmart", "Wal-Mart": "Walmart", "Disney": "The Walt Disney Company", "Warner": "Warner Bros.", "EMI": "EMI",
        "Universal": "Universal Music Group", "Netflix": "Netflix", "Spotify": "Spotify", "Huawei": "Huawei", "Alibaba": "Alibaba Group",
        "Tencent": "Tencent", "Baidu": "Baidu", "Honda": "Honda", "Nissan": "Nissan", "Hyundai": "Hyundai", "Kia": "Kia",
        "Pfizer": "Pfizer", "GlaxoSmithKline": "GlaxoSmithKline", "AstraZeneca": "AstraZeneca", "Novartis": "Novartis",
        "Nestle": "Nestlé", "Unilever": "Unilever", "Coca-Cola": "Coca-Cola", "PepsiCo": "PepsiCo", "McDonald's": "McDonald's",
        "Vivendi": "Vivendi", "Ericsson": "Ericsson", "Motorola": "Motorola", "Dell": "Dell", "Oracle": "Oracle",
        "Cisco": "Cisco", "Qualcomm": "Qualcomm", "Nvidia": "Nvidia", "Tesla": "Tesla", "Uber": "Uber", "Bloomberg": "Bloomberg", "Guardian": "The Guardian", "Nationwide": "Nationwide Building Society", "Al-Jazeera": "Al Jazeera", "Aljazeera": "Al Jazeera", "Telegraph": "The Daily Telegraph", "Economist": "The Economist", "Sky": "Sky", "ITV": "ITV", "Channel 4": "Channel 4", "NBC": "NBC", "CBS": "CBS", "ABC": "ABC",
        "Fox": "Fox", "Dawn": "Dawn", "Geo": "Geo News", "Ryanair": "Ryanair", "EasyJet": "easyJet", "easyJet": "easyJet",
        "Lufthansa": "Lufthansa", "Qantas": "Qantas", "Emirates": "Emirates", "Parmalat": "Parmalat", "Enron": "Enron", "NASA": "NASA", "Nasa": "NASA", "FIFA": "FIFA", "Fifa": "FIFA", "UEFA": "UEFA", "Uefa": "UEFA",
        "Red Cross": "Red Cross", "OSCE": "OSCE", "Wikipedia": "Wikipedia", "YouTube": "YouTube", "Al Jazeera": "Al Jazeera", "Interfax": "Interfax", "Eurostat": "Eurostat",
    ]
    /// Capitalised abbreviations and words that are common nouns, not names.
    static let nonNames = words("VIP VIPs POTUS FLOTUS QC KC SC OBE MBE CBE KBE PhD GDP GNP CEO CFO COO MP MPs MEP MEPs PC PCs TV DVD DVDs CD CDs MP3 R&B AM PM OK AIDS HIV DNA IT PR VAT IPO IPOs SMS GPS CCTV AGM NGO NGOs UFO LCD USB PIN ID IQ PhD MBA BSE SARS Covid COVID GMT BST EST CET UTC WMD")
    /// Political and religious movements named as groups of people: NORP, like nationalities.
    static let movements = words("""
    Nazi Nazis Communist Communists Fascist Fascists Marxist Marxists Maoist Maoists Islamist Islamists
    Jihadist Jihadists Zionist Zionists Socialist Socialists Bolshevik Bolsheviks Neo-Nazi Neo-Nazis
    """)
    /// Products, software and vehicles: a name containing one of these is MISC ("Windows XP",
    /// "Mozilla Firefox", "PlayStation VR", "Space Shuttle Atlantis").
    static let productWords = words("""
    iPod iPhone iPad iTunes Walkman Xbox PlayStation Playstation Windows Firefox Chrome Android Linux Kindle
    Wii iOS macOS Minecraft Fortnite Photoshop Explorer Shuttle Boeing-747 Airbus-A380 Counter-Strike
    Mac Macs iMac MacBook Macintosh
    """)
    static let knownMisc = words("Islam Christianity Judaism Buddhism Hinduism Sikhism Catholicism Protestantism Islamophobia Dow_Jones Christmas Easter Ramadan Eid Diwali Thanksgiving Hanukkah Passover Halloween New_Year Lent Hajj iPod iPhone iPad iTunes Walkman Xbox PlayStation Windows Internet Olympics Olympic Euro Premiership Dow Nikkei Ftse FTSE Grammy Grammys Oscar Oscars Brexit")

    /// Verbs that attribute speech, in base and inflected forms.
    static let cueVerbs = words("""
    said says say saying told tells tell telling added adds adding stressed stresses noted notes explained
    explains clarified clarifies replied replies insisted insists warned warns argued argues asked asks
    claimed claims declared declares stated states announced announces admitted admits acknowledged
    acknowledges commented comments continued continues remarked remarks observed observes urged urges
    wrote writes tweeted tweets posted posts suggested suggests believes believed maintained maintains
    emphasised emphasized emphasises emphasizes pointed confirmed confirms denied denies predicted predicts
    described describes called calls responded responds answered answers recalled recalls conceded concedes
    cautioned cautions reiterated reiterates underlined underlines quipped joked agreed agrees disagreed
    concluded concludes estimated estimates thinks thought accused accuses alleged alleges vowed vows
    promised promises revealed reveals reported reports assured assures hoped hopes feared fears
    complained complains boasted boasts announced explaining adding quoted quoting according
    """)
    static let pronounsMale = words("he him his himself")
    static let pronounsFemale = words("she her hers herself")
    static let pronounsPlural = words("they them their we")
    /// Nouns for an unnamed speaker ("the spokesperson", "the minister").
    static let roleNouns = words("""
    spokesperson spokesman spokeswoman minister president official officials ambassador envoy chief
    secretary chairman chairwoman governor treasurer analyst economist director executive statement report
    minutes premier leader mayor source sources diplomat
    """).union(orgNouns)
    /// Nouns by which news refers back to an organisation that speaks ("the club said").
    static let orgNouns = words("""
    company bank firm group ministry government club department agency council union party committee
    commission authority regulator watchdog airline broadcaster retailer organisation organization
    institute charity magazine newspaper paper channel studio corporation
    """)
}
