/// The named rules of the extractor. Each decides one thing: a join or a cut of a name, a role,
/// a split, a type, a link to a canonical name, a speaker, a date. Rules are recorded with the
/// spans they shape (`Evidence`), shown by `gleaner extract --explain`, and each carries
/// examples (`RuleBook`) that the test suite runs.
///
/// The raw value is the rule's name: its stage, a dot, then what it does.
public enum RuleID: String, CaseIterable, Sendable {
    // MARK: chunk
    case chunkListItem = "chunk.list-item"
    case chunkOfPhrase = "chunk.of-phrase"
    case chunkOfPhraseAnd = "chunk.of-phrase-and"
    case chunkParticle = "chunk.particle"
    case chunkPeoples = "chunk.peoples"
    case chunkSharedHead = "chunk.shared-head"

    // MARK: cut
    case cutLeadingFunctionWord = "cut.leading-function-word"
    case cutSentenceInitialAdverb = "cut.sentence-initial-adverb"
    case cutSentenceInitialModifier = "cut.sentence-initial-modifier"
    case cutStanceWord = "cut.stance-word"
    case cutTitleOfPhrase = "cut.title-of-phrase"
    case cutTrailingTitle = "cut.trailing-title"

    // MARK: role
    case roleAppositive = "role.appositive"
    case roleBeforeGivenName = "role.before-given-name"
    case roleCapitalisedTitle = "role.capitalised-title"
    case roleLeftOfSplit = "role.left-of-split"
    case roleLowercaseTitle = "role.lowercase-title"
    case roleOfficeBeforeGivenName = "role.office-before-given-name"

    // MARK: split
    case splitAfterKnownAcronym = "split.after-known-acronym"
    case splitAtInnerTitle = "split.at-inner-title"
    case splitBeforeGivenName = "split.before-given-name"
    case splitHyphenatedPlaces = "split.hyphenated-places"
    case splitNationality = "split.nationality"
    case splitSurnameBeforePlace = "split.surname-before-place"

    // MARK: weak
    case weakSentenceInitialCommonWord = "weak.sentence-initial-common-word"

    // MARK: type
    case typeAcronym = "type.acronym"
    case typeAllCapsLoneWordIsOrganisation = "type.all-caps-lone-word-is-organisation"
    case typeAmpersand = "type.ampersand"
    case typeBasedIn = "type.based-in"
    case typeCapitalAppositive = "type.capital-appositive"
    case typeCapitalsFirst = "type.capitals-first"
    case typeCapitalsLast = "type.capitals-last"
    case typeCodeTail = "type.code-tail"
    case typeCommonNounAndCountry = "type.common-noun-and-country"
    case typeCommonWordInside = "type.common-word-inside"
    case typeCompassAndPlace = "type.compass-and-place"
    case typeCountry = "type.country"
    case typeDistrictOfColumbia = "type.district-of-columbia"
    case typeEventHead = "type.event-head"
    case typeFacility = "type.facility"
    case typeFirstPersonSpeaker = "type.first-person-speaker"
    case typeFootballClub = "type.football-club"
    case typeFunctionWordInside = "type.function-word-inside"
    case typeGivenNameFirst = "type.given-name-first"
    case typeGovernmentSeat = "type.government-seat"
    case typeInitialsAndName = "type.initials-and-name"
    case typeKnownMisc = "type.known-misc"
    case typeKnownName = "type.known-name"
    case typeLearnedSpanTyper = "type.learned-span-typer"
    case typeKnownOrganisation = "type.known-organisation"
    case typeKnownOrganisationFirst = "type.known-organisation-first"
    case typeKnownPlace = "type.known-place"
    case typeLeaderAdjective = "type.leader-adjective"
    case typeListNoun = "type.list-noun"
    case typeListOfPeople = "type.list-of-people"
    case typeListOfStrongNames = "type.list-of-strong-names"
    case typeLoneGivenNameOrSurname = "type.lone-given-name-or-surname"
    case typeLoneUnknownWord = "type.lone-unknown-word"
    case typeModelNumber = "type.model-number"
    case typeMovement = "type.movement"
    case typeNameParticle = "type.name-particle"
    case typeNamedDay = "type.named-day"
    case typeNationality = "type.nationality"
    case typeNationalityEnding = "type.nationality-ending"
    case typeNationalityGroup = "type.nationality-group"
    case typeNewspaper = "type.newspaper"
    case typeOfPersonIsOrganisation = "type.of-person-is-organisation"
    case typeOrganisationHead = "type.organisation-head"
    case typeOrganisationHeadInside = "type.organisation-head-inside"
    case typeOrganisationNounAfter = "type.organisation-noun-after"
    case typeOrganisationNounBefore = "type.organisation-noun-before"
    case typePartyStateTag = "type.party-state-tag"
    case typePersonCueAfter = "type.person-cue-after"
    case typePlaceAfterPlaceNoun = "type.place-after-place-noun"
    case typePlaceAndCommonNoun = "type.place-and-common-noun"
    case typePlaceAndCompass = "type.place-and-compass"
    case typePlaceBeforeRegion = "type.place-before-region"
    case typePlaceHead = "type.place-head"
    case typePlaceOfPhrase = "type.place-of-phrase"
    case typePlacePrefix = "type.place-prefix"
    case typePlacePreposition = "type.place-preposition"
    case typePluralGroup = "type.plural-group"
    case typeProduct = "type.product"
    case typeSaint = "type.saint"
    case typeSchoolDistrict = "type.school-district"
    case typeShip = "type.ship"
    case typeShortNameWithCommonWord = "type.short-name-with-common-word"
    case typeShortUnknownName = "type.short-unknown-name"
    case typeSportsClubWithPlace = "type.sports-club-with-place"
    case typeStorm = "type.storm"
    case typeSurfaceVote = "type.surface-vote"
    case typeSurnameLast = "type.surname-last"
    case typeTeamInSportsReport = "type.team-in-sports-report"
    case typeTitledPerson = "type.titled-person"
    case typeTitleCaseWork = "type.title-case-work"
    case typeWhichClause = "type.which-clause"
    case typeWhoClause = "type.who-clause"

    // MARK: link
    case linkAcronymOfNamedThing = "link.acronym-of-named-thing"
    case linkCountryAlias = "link.country-alias"
    case linkKnownOrganisation = "link.known-organisation"
    case linkOrganisationHeadAlone = "link.organisation-head-alone"
    case linkOrganisationShortForm = "link.organisation-short-form"
    case linkPartOfFullName = "link.part-of-full-name"
    case linkPersonByName = "link.person-by-name"

    // MARK: keep
    case keepPlaceNotPerson = "keep.place-not-person"

    // MARK: drop
    case dropUnlinkedCommonWord = "drop.unlinked-common-word"

    // MARK: headline
    case headlineMatch = "headline.match"

    // MARK: speaker: the step of the search that found the speaker
    case speakerCueAfterQuote = "speaker.cue-after-quote"
    case speakerQuotedAs = "speaker.quoted-as"
    case speakerAccordingTo = "speaker.according-to"
    case speakerCueBeforeQuote = "speaker.cue-before-quote"
    case speakerNamedBeforeFragment = "speaker.named-before-fragment"
    case speakerColonIntroduction = "speaker.colon-introduction"
    case speakerReportedSpeech = "speaker.reported-speech"
    case speakerContinuesParagraph = "speaker.continues-paragraph"
    case speakerContinuesQuotes = "speaker.continues-quotes"
    case speakerSentenceSubject = "speaker.sentence-subject"
    case speakerNearestName = "speaker.nearest-name"
    // MARK: speaker: candidates the scored choice weighs besides the steps' answers (`SpeakerModel`)
    case speakerTurnTaking = "speaker.turn-taking"
    case speakerAddressee = "speaker.addressee"
    case speakerNearbyName = "speaker.nearby-name"

    // MARK: speaker: how the speaker was resolved
    case speakerName = "speaker.name"
    case speakerPronoun = "speaker.pronoun"
    case speakerAgeNoun = "speaker.age-noun"
    case speakerPersonNoun = "speaker.person-noun"
    case speakerRoleNoun = "speaker.role-noun"
    case speakerSpokesmanFor = "speaker.spokesman-for"
    case speakerAffiliatedPerson = "speaker.affiliated-person"
    case speakerNationalityPlace = "speaker.nationality-place"
    case speakerPossessedPerson = "speaker.possessed-person"
    case speakerRoleBeforePerson = "speaker.role-before-person"
    case speakerPlaceModifierPerson = "speaker.place-modifier-person"

    // MARK: date
    case dateISO = "date.iso"
    case dateMonth = "date.month"
    case dateWeekday = "date.weekday"
    case dateRelativeDay = "date.relative-day"
    case dateRelativePeriod = "date.relative-period"
    case dateAgo = "date.ago"
    case dateYear = "date.year"
}
