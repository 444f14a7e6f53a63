/**
 * HELD OUT — never tune the search engine, its text processing or its synonym list on this table, and never
 * import it from a unit test. It exists to measure relevance on queries the code was not tuned on
 * (`search_heldout_top3_hit_rate` in `npm run bench`, beside Pagefind on the same rows); the tuned table the
 * unit tests enforce is tests/search-queries.ts.
 *
 * Written against the demo catalogue (content/offers) by reading the offers, with every expectation decided
 * before either engine was run on these queries; rows are not changed after seeing results. Each row is what
 * a caseworker or citizen would type — compound words, misspellings, everyday words, a few English words —
 * and the 1–2 offers (slugs) that must be among the top 3. None repeats a query of the tuned table.
 * If the demo content changes so that an expectation is wrong, fix that row from the content, not from what
 * the engine returns, and say so in the change.
 */
export interface HeldOutQuery { query: string; expect: string[] }

export const HELDOUT_QUERIES: readonly HeldOutQuery[] = [
  // Compound words (Danish writes them as one word; the offers often use the parts)
  { query: 'angstbehandling', expect: ['angstskolen'] },
  { query: 'hashmisbrug', expect: ['stofbehandling-ambulant'] },
  { query: 'rygestopkursus', expect: ['rygestop'] },
  { query: 'alkoholproblemer', expect: ['alkoholbehandling-ambulant'] },
  { query: 'stresskursus', expect: ['stress-og-arbejde'] },
  { query: 'søvnproblemer', expect: ['soevnskolen'] },
  { query: 'kostvejledning', expect: ['mad-med-mening'] },
  { query: 'nakkesmerter', expect: ['smerteskolen'] },
  { query: 'traumebehandling', expect: ['krop-og-traumer'] },
  { query: 'genoptræningsplan', expect: ['genoptraening-efter-sygehusophold'] },
  { query: 'lungesygdom', expect: ['kol-rehabilitering'] },
  { query: 'arbejdsfastholdelse', expect: ['fastholdelsesmentor'] },
  { query: 'mentorordning', expect: ['mentor-paa-vej-mod-job'] },
  { query: 'gruppeterapi', expect: ['tankerum-depression'] },
  { query: 'motionshold', expect: ['kom-i-gang-med-motion'] },
  { query: 'styrketræning', expect: ['slidt-krop-staerkt-arbejdsliv-50-plus'] },
  { query: 'misbrugskonsulent', expect: ['alkoholsamtalen'] },
  { query: 'virksomhedspraktik', expect: ['virksomhedspraktik-med-sundhedsstoette'] },
  { query: 'erhvervsuddannelse', expect: ['studiestart-med-stoette'] },
  { query: 'skolefravær', expect: ['familiesamtaler-for-unge-og-foraeldre'] },

  // Single everyday words
  { query: 'depression', expect: ['tankerum-depression'] },
  { query: 'autisme', expect: ['asf-gruppen', 'uddannelsesafklaring-adhd-autisme'] },
  { query: 'ensom', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'slidgigt', expect: ['slidt-krop-staerkt-arbejdsliv-50-plus'] },
  { query: 'overvægt', expect: ['mad-med-mening'] },
  { query: 'kokain', expect: ['stofbehandling-ambulant'] },
  { query: 'opioider', expect: ['stofbehandling-ambulant'] },
  { query: 'snus', expect: ['rygestop', 'sund-ung-rygestop'] },
  { query: 'nikotinplaster', expect: ['rygestop'] },
  { query: 'gæld', expect: ['kortvarig-stoette-82b'] },
  { query: 'psykolog', expect: ['psykolog-i-jobcentret'] },
  { query: 'parforhold', expect: ['parsamtaler'] },
  { query: 'ADD', expect: ['uddannelsesafklaring-adhd-autisme'] },
  { query: 'brobygning', expect: ['klar-til-fgu'] },
  { query: 'løntilskud', expect: ['parallelforloeb'] },
  { query: 'sygemelding', expect: ['tvaerfagligt-team-for-sygemeldte'] },
  { query: 'sindslidelse', expect: ['stoette-og-kontaktperson-skp'] },
  { query: 'kontaktperson', expect: ['stoette-og-kontaktperson-skp'] },
  { query: 'diætist', expect: ['mad-med-mening'] },
  { query: 'selvværd', expect: ['ung-og-presset'] },
  { query: 'friluftsliv', expect: ['sundhed-i-naturen'] },
  { query: 'arbejdsevne', expect: ['fleksjob-med-hensyn-til-helbredet'] },

  // Several words, as typed into the search box
  { query: 'social angst', expect: ['modig-gruppe-for-unge-med-social-angst'] },
  { query: 'blodprop i hjertet', expect: ['hjerterehabilitering'] },
  { query: 'pårørende til alkoholiker', expect: ['paaroerendegruppe-alkohol'] },
  { query: 'budget og økonomi', expect: ['hverdagsmestring'] },
  { query: 'hjælp derhjemme', expect: ['bostoette-socialpaedagogisk-stoette'] },
  { query: 'ledig over 50', expect: ['senior-50-plus-sund-og-klar-til-job'] },
  { query: 'jobsøgning engelsk', expect: ['work-and-wellbeing'] },
  { query: 'ikke i skole', expect: ['ung-i-gang'] },
  { query: 'kronisk syg', expect: ['laer-at-tackle-kronisk-sygdom'] },
  { query: 'type 2 diabetes', expect: ['lev-med-type-2-diabetes'] },
  { query: 'presset ung', expect: ['ung-og-presset'] },
  { query: 'psykisk sårbar ung', expect: ['rute-42'] },
  { query: 'kvinder indvandrer', expect: ['netvaerkscafeen-for-kvinder'] },
  { query: 'konflikter i familien', expect: ['familieterapi-hele-familien-i-spil', 'familiesamtaler-for-unge-og-foraeldre'] },
  { query: 'drikke mindre', expect: ['alkoholsamtalen'] },
  { query: 'CV hjælp', expect: ['work-and-wellbeing', 'senior-50-plus-sund-og-klar-til-job'] },

  // Misspellings and spellings without æ/ø/å
  { query: 'angts', expect: ['angstskolen'] },
  { query: 'depresion', expect: ['tankerum-depression'] },
  { query: 'alkahol', expect: ['alkoholbehandling-ambulant'] },
  { query: 'rygestob', expect: ['rygestop'] },
  { query: 'mindfullnes online', expect: ['mindfulness-online'] },
  { query: 'sovnskolen', expect: ['soevnskolen'] },
  { query: 'hjerte rehab', expect: ['hjerterehabilitering'] },

  // English words
  { query: 'smoking', expect: ['rygestop'] },
  { query: 'anxiety', expect: ['angstskolen'] },
  { query: 'sleep problems', expect: ['soevnskolen'] },
];
