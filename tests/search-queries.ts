/**
 * Relevance table for the catalogue search, written against the demo content in `content/offers`.
 * Each row is a query a caseworker or citizen would realistically type, and the 1–2 offers (by slug) that a
 * good search must return among its top 3 results. Rows cover plain words, multi-word queries, spellings
 * without æ/ø/å, upper case, prefixes, typos, synonyms that are not in the target's title, and the names of
 * the named models (Rute 42, Sund Ung, WHO-5, Åben og Rolig Flex, IPS).
 */
export interface RelevanceRow {
  query: string;
  expect: string[];
  note?: string;
  /** Why the search does not pass this row yet: the test expects it to fail, and fails when it starts passing. */
  knownMiss?: string;
  /** The expected offers are alternatives: one of them among the top 3 is a hit (otherwise every one must be). */
  oneOf?: boolean;
}

const BASIC_QUERIES: RelevanceRow[] = [
  // Plain words
  { query: 'rygestop', expect: ['rygestop'], note: 'three rygestop offers; the general course must be among them' },
  { query: 'stress', expect: ['aaben-og-rolig'], note: 'the flagship stress course' },
  { query: 'hash', expect: ['anonym-raadgivning-hash-og-stoffer'] },
  { query: 'diabetes', expect: ['lev-med-type-2-diabetes', 'diabetesforloeb-for-flygtninge-og-indvandrere'], note: 'exactly two diabetes offers' },
  { query: 'smerter', expect: ['smerteskolen'] },
  { query: 'mentor', expect: ['mentor-paa-vej-mod-job'], note: 'the general mentor offer' },
  { query: 'IPS', expect: ['ips-job-med-stoette'] },
  { query: 'søvn', expect: ['soevnskolen'] },
  { query: 'familieterapi', expect: ['familieterapi-hele-familien-i-spil'] },
  { query: 'naturen', expect: ['sundhed-i-naturen'] },
  { query: 'værested', expect: ['vaerestedet-lyngen'] },
  { query: 'bostøtte', expect: ['bostoette-socialpaedagogisk-stoette'] },
  { query: 'KOL', expect: ['kol-rehabilitering'], note: 'upper-case abbreviation' },
  { query: 'FGU', expect: ['klar-til-fgu'] },
  { query: 'PTSD', expect: ['krop-og-traumer'] },
  { query: 'fleksjob', expect: ['fleksjob-med-hensyn-til-helbredet'] },

  // Multi-word
  { query: 'ung med angst', expect: ['modig-gruppe-for-unge-med-social-angst'] },
  { query: 'alkohol behandling', expect: ['alkoholbehandling-ambulant'] },
  { query: 'diabetes flygtninge', expect: ['diabetesforloeb-for-flygtninge-og-indvandrere'] },
  { query: 'rygestop på arabisk', expect: ['rygestop-paa-dit-eget-sprog'], note: '"arabisk" is only in languages/body, not the title' },
  { query: 'motion for kvinder', expect: ['kvindetraening'] },
  { query: 'træning over 50', expect: ['slidt-krop-staerkt-arbejdsliv-50-plus'] },
  { query: 'sygemeldt med stress', expect: ['stress-og-arbejde'] },
  { query: 'afklarende samtale', expect: ['afklarende-sundhedssamtale'] },
  { query: 'anonym rådgivning', expect: ['anonym-raadgivning-hash-og-stoffer'] },
  { query: 'ADHD uddannelse', expect: ['uddannelsesafklaring-adhd-autisme'] },
  { query: 'unge hash', expect: ['u-turn-ungebehandling'] },
  { query: 'traumer flygtninge', expect: ['krop-og-traumer', 'familiebehandling-for-flygtningefamilier'] },

  // Spelling without æ/ø/å
  { query: 'aaben og rolig', expect: ['aaben-og-rolig'], note: 'aa for å' },
  { query: 'aben og rolig', expect: ['aaben-og-rolig'], note: 'a for å (relies on fuzzy matching)' },
  { query: 'soevn', expect: ['soevnskolen'], note: 'oe for ø' },
  { query: 'smerteskole', expect: ['smerteskolen'], note: 'singular, no definite article' },
  { query: 'sund paa tvaers', expect: ['sund-paa-tvaers'], note: 'aa and ae spellings' },

  // Upper case
  { query: 'RYGESTOP', expect: ['rygestop'] },
  { query: 'SMERTESKOLEN', expect: ['smerteskolen'] },

  // Prefixes (search-as-you-type)
  { query: 'genoptræ', expect: ['genoptraening-efter-sygehusophold'] },
  { query: 'rygest', expect: ['rygestop'] },

  // Typos
  { query: 'mindfullness', expect: ['aaben-og-rolig', 'mindfulness-online'], note: 'double l' },
  { query: 'diabetis', expect: ['lev-med-type-2-diabetes'], note: 'i for e' },

  // Synonyms and everyday words that are not in the target's title
  { query: 'misbrug', expect: ['alkoholbehandling-ambulant'], note: 'synonym group misbrug/alkohol/stoffer' },
  { query: 'misbrugsbehandling', expect: ['alkoholbehandling-ambulant', 'stofbehandling-ambulant'] },
  { query: 'stop med at ryge', expect: ['rygestop'] },
  { query: 'druk', expect: ['alkoholbehandling-ambulant'] },
  { query: 'sukkersyge', expect: ['lev-med-type-2-diabetes'] },
  { query: 'vægttab', expect: ['mad-med-mening'] },
  { query: 'udbrændt', expect: ['aaben-og-rolig'] },
  { query: 'ondt i ryggen', expect: ['smerteskolen'] },
  { query: 'insomni', expect: ['soevnskolen'] },
  { query: 'parterapi', expect: ['parsamtaler'] },
  { query: 'isolation', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'job med støtte', expect: ['ips-job-med-stoette'] },
  { query: 'hjertesygdom', expect: ['hjerterehabilitering'] },
  { query: 'hjemløs', expect: ['stoette-og-kontaktperson-skp'] },
  { query: 'english', expect: ['work-and-wellbeing'] },

  // Names of the models
  { query: 'Rute 42', expect: ['rute-42'] },
  { query: 'Sund Ung', expect: ['sund-ung-sundhedssamtaler', 'sund-ung-rygestop'] },
  { query: 'WHO-5', expect: ['sund-paa-tvaers'] },
  { query: 'Åben og Rolig Flex', expect: ['aaben-og-rolig-flex'] },
  { query: 'Job & Sundhed', expect: ['job-og-sundhed'] },
  { query: '§ 85', expect: ['bostoette-socialpaedagogisk-stoette'], note: 'legal section as caseworkers write it' },
];

/**
 * Compound and everyday queries: topic + generic-word compounds ("angstbehandling", "smertekursus"), everyday
 * phrasings, two-word queries and a few slips. The expected offers were chosen by reading content/offers
 * before this table was run against the engine. In a Danish compound the first part carries the topic and the
 * last part is the generic head, so the right answer is the offer whose title/summary is about the first part.
 */
export const COMPOUND_AND_EVERYDAY_QUERIES: RelevanceRow[] = [
  // Topic + generic head
  { query: 'søvnbehandling', expect: ['soevnskolen'] },
  { query: 'rygestopgruppe', expect: ['rygestop'] },
  { query: 'traumegruppe', expect: ['krop-og-traumer'] },
  { query: 'stressgruppe', expect: ['aaben-og-rolig'] },
  { query: 'smertegruppe', expect: ['smerteskolen'] },
  { query: 'angstforløb', expect: ['angstskolen'] },
  { query: 'depressionsforløb', expect: ['tankerum-depression'] },
  { query: 'ensomhedsforløb', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'kostkursus', expect: ['mad-med-mening', 'sundt-liv-kram-kursus'], note: 'diet counselling and the KRAM course on diet' },
  { query: 'angstkursus', expect: ['angstskolen'] },
  { query: 'angstgruppe', expect: ['modig-gruppe-for-unge-med-social-angst'], note: 'the one group about anxiety; Angstskolen is a course' },
  { query: 'depressionsbehandling', expect: ['tankerum-depression'] },
  { query: 'depressionsgruppe', expect: ['tankerum-depression'] },
  { query: 'stressbehandling', expect: ['aaben-og-rolig'] },
  { query: 'søvnkursus', expect: ['soevnskolen'] },
  { query: 'smertebehandling', expect: ['smerteskolen'] },
  { query: 'smertekursus', expect: ['smerteskolen'] },
  { query: 'smerteforløb', expect: ['smerteskolen'], note: 'the index knows the whole word from two bodies only, so it is searched by its parts too' },
  { query: 'hashbehandling', expect: ['u-turn-ungebehandling', 'stofbehandling-ambulant'], note: 'young people and adults' },
  { query: 'alkoholrådgivning', expect: ['alkoholsamtalen'] },
  { query: 'stofrådgivning', expect: ['anonym-raadgivning-hash-og-stoffer'] },
  { query: 'diabeteskursus', expect: ['lev-med-type-2-diabetes'] },
  { query: 'kostrådgivning', expect: ['mad-med-mening'] },
  { query: 'jobmentor', expect: ['mentor-paa-vej-mod-job'] },
  { query: 'ensomhedsgruppe', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'parrådgivning', expect: ['parsamtaler'] },
  { query: 'autismegruppe', expect: ['asf-gruppen'] },
  { query: 'mindfulnesskursus', expect: ['aaben-og-rolig', 'mindfulness-online'], knownMiss: 'stress offers reach mindfulness through the synonym group and outrank Mindfulness online (4th)' },
  { query: 'hjertetræning', expect: ['hjerterehabilitering'] },
  { query: 'lungerehabilitering', expect: ['kol-rehabilitering'], note: '"lungesygdom" in the summary, KOL in the title' },
  { query: 'smertehåndtering', expect: ['smerteskolen'], note: 'håndtering is in one offer only: the head adds a bonus, smerte must match' },

  // Everyday words
  { query: 'kan ikke sove', expect: ['soevnskolen'] },
  { query: 'ondt i skulderen', expect: ['slidt-krop-staerkt-arbejdsliv-50-plus'], note: '"ømme skuldre" in its summary' },
  { query: 'vil tabe mig', expect: ['mad-med-mening'] },
  { query: 'drikker for meget', expect: ['alkoholbehandling-ambulant'] },
  { query: 'ryger hash', expect: ['anonym-raadgivning-hash-og-stoffer', 'u-turn-ungebehandling'] },
  { query: 'nedtrykt', expect: ['tankerum-depression'] },
  { query: 'ondt i nakken', expect: ['smerteskolen'] },
  { query: 'hjælp til madlavning', expect: ['hverdagsmestring'] },

  // Two words
  { query: 'stress unge', expect: ['ung-og-presset'] },
  { query: 'angst unge', expect: ['modig-gruppe-for-unge-med-social-angst'] },
  { query: 'angst kursus', expect: ['angstskolen'] },
  { query: 'unge bolig', expect: ['ung-i-egen-bolig'] },
  { query: 'mentor unge', expect: ['ungementor'] },
  { query: 'psykolog samtale', expect: ['psykolog-i-jobcentret'] },
  { query: 'praktik sundhed', expect: ['virksomhedspraktik-med-sundhedsstoette'] },

  // Slips
  { query: 'smerteskolne', expect: ['smerteskolen'], note: 'two letters swapped' },
  { query: 'alkohol behandlng', expect: ['alkoholbehandling-ambulant'] },
  { query: 'angskolen', expect: ['angstskolen'], note: 't left out' },
];

/**
 * How people who do not know the catalogue's words search: everyday phrasing, names of products and drugs,
 * short English queries, a topic with a generic word ("hjælp", "kursus", "gruppe"), and slips, compounds
 * written apart and missing æ/ø/å. The expected offers were chosen by reading content/offers before this
 * block was run against the engine.
 */
export const EVERYDAY_AND_ENGLISH_QUERIES: RelevanceRow[] = [
  // Everyday phrasing
  { query: 'hjælp til gæld', expect: ['kortvarig-stoette-82b'] },
  { query: 'sover dårligt', expect: ['soevnskolen'] },
  { query: 'kan ikke sove om natten', expect: ['soevnskolen'] },
  { query: 'har ondt i ryggen', expect: ['smerteskolen'] },
  { query: 'ondt i knæet', expect: ['slidt-krop-staerkt-arbejdsliv-50-plus'], note: 'knæ and slidgigt are its words' },
  { query: 'min mand drikker', expect: ['paaroerendegruppe-alkohol'], note: 'a relative asking' },
  { query: 'min søn ryger hash', expect: ['u-turn-ungebehandling'], note: 'a parent asking about a young person' },
  { query: 'ked af det', expect: ['tankerum-depression'] },
  { query: 'stresset på arbejdet', expect: ['stress-og-arbejde'] },
  { query: 'stoppe med at drikke', expect: ['alkoholbehandling-ambulant'] },
  { query: 'overvægtig', expect: ['mad-med-mening'] },
  { query: 'bange for andre mennesker', expect: ['modig-gruppe-for-unge-med-social-angst'], note: 'social anxiety in plain words', knownMiss: 'bange reaches angst, but andre and mennesker must match too and Modig uses neither' },
  { query: 'ingen venner', expect: ['faellesskabsgruppen-ud-af-ensomheden'], note: 'venskaber is among its words' },
  { query: 'styr på økonomien', expect: ['hverdagsmestring'] },
  { query: 'droppet ud af skolen', expect: ['ung-i-gang'], note: '"droppet ud" and skoletræt are its words' },
  { query: 'alkoholiker i familien', expect: ['paaroerendegruppe-alkohol'] },

  // Products, drugs and tools
  { query: 'nikotintyggegummi', expect: ['rygestop'] },
  { query: 'e-cigaret', expect: ['rygestop'] },
  { query: 'antabus', expect: ['alkoholbehandling-ambulant'] },
  { query: 'metadon', expect: ['stofbehandling-ambulant'] },
  { query: 'vandpibe', expect: ['rygestop-paa-dit-eget-sprog'] },
  { query: 'mindfulness app', expect: ['mindfulness-online'] },
  { query: 'sovepiller', expect: ['soevnskolen'] },
  { query: 'fitness', expect: ['kom-i-gang-med-motion'] },

  // Short English queries
  { query: 'quit smoking', expect: ['rygestop'] },
  { query: 'help with job', expect: ['work-and-wellbeing'], note: 'the job course held in English' },
  { query: 'stress course', expect: ['aaben-og-rolig'] },
  { query: 'back pain', expect: ['smerteskolen'] },
  { query: 'mental health young', expect: ['rute-42'], note: 'psykisk sårbare unge' },
  { query: 'alcohol treatment', expect: ['alkoholbehandling-ambulant'] },
  { query: 'loneliness', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'depression group', expect: ['tankerum-depression'] },
  { query: 'anxiety course', expect: ['angstskolen'] },
  { query: 'couples therapy', expect: ['parsamtaler'] },
  { query: 'debt', expect: ['kortvarig-stoette-82b'] },
  { query: 'exercise for women', expect: ['kvindetraening'] },

  // Topic + generic word
  { query: 'hjælp til søvn', expect: ['soevnskolen'] },
  { query: 'stress gruppe', expect: ['aaben-og-rolig'] },
  { query: 'ensomhed gruppe', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'angst hjælp', expect: ['angstskolen'] },
  { query: 'smerter forløb', expect: ['smerteskolen'] },
  { query: 'diabetes kursus', expect: ['lev-med-type-2-diabetes'] },
  { query: 'hash hjælp unge', expect: ['u-turn-ungebehandling'] },
  { query: 'rygestop tilbud', expect: ['rygestop'] },

  // Slips, compounds apart or together, no æ/ø/å
  { query: 'ryge stop', expect: ['rygestop'] },
  { query: 'jobsøgning', expect: ['work-and-wellbeing', 'senior-50-plus-sund-og-klar-til-job'], note: 'the two job courses with jobsøgning in their summary' },
  { query: 'job søgning', expect: ['work-and-wellbeing', 'senior-50-plus-sund-og-klar-til-job'] },
  { query: 'angst skole', expect: ['angstskolen'] },
  { query: 'paaroerende alkohol', expect: ['paaroerendegruppe-alkohol'] },
  { query: 'smerte skolen', expect: ['smerteskolen'] },
];

/**
 * Written by someone who read content/offers and neither the engine nor the held-out table, before this
 * block was run: compounds with a part the catalogue never writes alone ("lungetræning", "søvnforstyrrelse"),
 * everyday words, slips, English, a need with a group, and inflected forms. Where a row names two offers
 * they are alternatives (`oneOf`): either among the top 3 is a hit. Rows that are also held-out queries were
 * taken out (three). The search was then improved on these rows (a compound's head adds a bonus instead of
 * being required; a partly known word is suggested by its known part): 47 of the 55 passed before, 52 after.
 */
export const PARTLY_KNOWN_QUERIES: RelevanceRow[] = [
  // Compounds the offers write apart or not at all, or only partly know
  { query: 'alkoholafvænning', expect: ['alkoholbehandling-ambulant'] },
  { query: 'hashafvænning', expect: ['stofbehandling-ambulant', 'u-turn-ungebehandling'], oneOf: true },
  { query: 'stressforebyggelse', expect: ['stress-og-arbejde', 'aaben-og-rolig'], oneOf: true },
  { query: 'søvnforstyrrelse', expect: ['soevnskolen'] },
  { query: 'vægtvejledning', expect: ['mad-med-mening'] },
  { query: 'diabetesundervisning', expect: ['lev-med-type-2-diabetes', 'diabetesforloeb-for-flygtninge-og-indvandrere'], oneOf: true },
  { query: 'rygsmertekursus', expect: ['smerteskolen'] },
  { query: 'depressionsterapi', expect: ['tankerum-depression'] },
  { query: 'panikangstkursus', expect: ['angstskolen'] },
  { query: 'parforholdsproblemer', expect: ['parsamtaler'] },
  { query: 'lungetræning', expect: ['kol-rehabilitering'] },
  { query: 'kvindefitness', expect: ['kvindetraening'] },
  { query: 'ungestress', expect: ['ung-og-presset'] },
  { query: 'flygtningementor', expect: ['mentor-til-nye-borgere'] },

  // Everyday phrasing
  { query: 'har svært ved at falde i søvn', expect: ['soevnskolen'] },
  { query: 'føler mig alene', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'drikker hver dag', expect: ['alkoholbehandling-ambulant', 'alkoholsamtalen'], oneOf: true },
  { query: 'min far drikker', expect: ['paaroerendegruppe-alkohol'] },
  { query: 'mareridt om krigen', expect: ['krop-og-traumer'] },
  { query: 'skændes med min kæreste', expect: ['parsamtaler'] },
  { query: 'bekymrer mig hele tiden', expect: ['angstskolen'], note: 'hele and tiden say how often, not what about (stop words)' },
  { query: 'har mistet lysten til alt', expect: ['tankerum-depression'] },
  { query: 'udskrevet fra hospitalet', expect: ['genoptraening-efter-sygehusophold'] },
  { query: 'bor på gaden', expect: ['stoette-og-kontaktperson-skp'], knownMiss: 'the SKP offer says på gaden but never bor, which must match too' },
  { query: 'spiser usundt', expect: ['mad-med-mening', 'sundt-liv-kram-kursus'], oneOf: true },
  { query: 'bliver hurtigt forpustet', expect: ['kol-rehabilitering', 'kom-i-gang-med-motion'], oneOf: true, knownMiss: 'no offer says forpustet (they say åndenød and kondition), and the word is in no synonym list' },

  // Slips
  { query: 'stresskurus', expect: ['aaben-og-rolig', 'stress-og-arbejde'], oneOf: true },
  { query: 'hjerterehabillitering', expect: ['hjerterehabilitering'] },
  { query: 'kvindetraning', expect: ['kvindetraening'] },
  { query: 'pårørendegrupe', expect: ['paaroerendegruppe-alkohol'] },
  { query: 'famillieterapi', expect: ['familieterapi-hele-familien-i-spil'] },
  { query: 'ensomhet', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'sukersyge', expect: ['lev-med-type-2-diabetes', 'diabetesforloeb-for-flygtninge-og-indvandrere'], oneOf: true },
  { query: 'fastholdelsementor', expect: ['fastholdelsesmentor'] },

  // English
  { query: 'heart disease', expect: ['hjerterehabilitering'] },
  { query: 'drug addiction', expect: ['stofbehandling-ambulant', 'anonym-raadgivning-hash-og-stoffer'], oneOf: true },
  { query: 'weight loss', expect: ['mad-med-mening', 'sundt-liv-kram-kursus'], oneOf: true },
  { query: 'chronic pain', expect: ['smerteskolen'] },
  { query: 'refugee trauma', expect: ['krop-og-traumer'] },

  // A need and a group
  { query: 'unge der vaper', expect: ['sund-ung-rygestop'] },
  { query: 'psykolog for ledige', expect: ['psykolog-i-jobcentret'] },
  { query: 'forældre med stress', expect: ['foraeldregruppen'] },
  { query: 'flygtninge familie konflikter', expect: ['familiebehandling-for-flygtningefamilier'] },
  { query: 'ledige over 50 jobsøgning', expect: ['senior-50-plus-sund-og-klar-til-job'] },
  { query: 'autisme arbejdsplads', expect: ['asf-gruppen'] },
  { query: 'langtidssygemeldt med smerter', expect: ['tvaerfagligt-team-for-sygemeldte', 'smerteskolen'], oneOf: true },
  { query: 'kvinder øve dansk', expect: ['netvaerkscafeen-for-kvinder'] },
  { query: 'mindfulness på engelsk', expect: ['mindfulness-online'] },
  { query: 'psykisk lidelse arbejde', expect: ['ips-job-med-stoette'] },

  // Inflected forms
  { query: 'traumerne', expect: ['krop-og-traumer'] },
  { query: 'hjertepatienters', expect: ['hjerterehabilitering'] },
  { query: 'parterapeuten', expect: ['parsamtaler'] },
  { query: 'blodsukkeret', expect: ['lev-med-type-2-diabetes', 'diabetesforloeb-for-flygtninge-og-indvandrere'], oneOf: true },
  { query: 'værestederne', expect: ['vaerestedet-lyngen'] },
  { query: 'flygtningefamiliers', expect: ['familiebehandling-for-flygtningefamilier'] },
];

/**
 * A second block written the same way, by another reader, and kept out of that work: it checked that the
 * changes made on the block above carry over to queries they were not made on (38 of these 48 rows passed
 * before them, 43 after). Then one change was made on it (a start that begins the catalogue's compounds,
 * for "lungepatienter"): 44. Two rows that are also held-out queries were taken out unread. It adds how a
 * caseworker searches (§ numbers, benefit groups).
 */
export const CASEWORKER_AND_CITIZEN_QUERIES: RelevanceRow[] = [
  // Compounds
  { query: 'søvnløshedskursus', expect: ['soevnskolen'] },
  { query: 'angsthåndtering', expect: ['angstskolen'] },
  { query: 'lungepatienter', expect: ['kol-rehabilitering'] },
  { query: 'samlivsterapi', expect: ['parsamtaler'], knownMiss: 'samliv is no index term: the word splits as sam + liv + terapi, and the offers about a healthy life come first' },
  { query: 'kostomlægning', expect: ['mad-med-mening'] },
  { query: 'stofmisbrugsbehandling', expect: ['stofbehandling-ambulant'] },
  { query: 'depressionsramte', expect: ['tankerum-depression'] },
  { query: 'genoptræningsforløb', expect: ['genoptraening-efter-sygehusophold'] },
  { query: 'livsstilsændring', expect: ['sundt-liv-kram-kursus'] },
  { query: 'konflikthåndteringskursus', expect: ['social-faerdighedstraening'] },
  { query: 'kvindenetværk', expect: ['netvaerkscafeen-for-kvinder'] },
  { query: 'skovterapi', expect: ['sundhed-i-naturen'] },

  // Everyday phrasing
  { query: 'min datter vil ikke i skole', expect: ['familiesamtaler-for-unge-og-foraeldre', 'ung-i-gang'], oneOf: true },
  { query: 'får ikke nok luft', expect: ['kol-rehabilitering'] },
  { query: 'har haft en blodprop', expect: ['hjerterehabilitering', 'genoptraening-efter-sygehusophold'], oneOf: true },
  { query: 'kan ikke overskue min post', expect: ['hverdagsmestring', 'bostoette-socialpaedagogisk-stoette'], oneOf: true },
  { query: 'min søn skal flytte hjemmefra', expect: ['ung-i-egen-bolig'] },
  { query: 'får panikanfald', expect: ['angstskolen'] },
  { query: 'min kæreste tager kokain', expect: ['anonym-raadgivning-hash-og-stoffer', 'stofbehandling-ambulant'], oneOf: true },
  { query: 'føler mig presset i skolen', expect: ['ung-og-presset'] },
  { query: 'slidt efter mange år som håndværker', expect: ['slidt-krop-staerkt-arbejdsliv-50-plus'] },
  { query: 'er ved at miste mit job', expect: ['fastholdelsesmentor', 'kortvarig-stoette-82b'], oneOf: true },

  // How a caseworker searches
  { query: '§ 82 b', expect: ['kortvarig-stoette-82b', 'hverdagsmestring'], oneOf: true },
  { query: '§ 99', expect: ['stoette-og-kontaktperson-skp'] },
  { query: 'ledighedsydelse', expect: ['fleksjob-med-hensyn-til-helbredet'] },
  { query: 'sygeopfølgning kategori 3', expect: ['tvaerfagligt-team-for-sygemeldte'], knownMiss: 'kategori is only in the internal notes, which are not searched; Tankerum matches both words loosely' },
  { query: 'hjemrejseprogrammet', expect: ['mentor-til-nye-borgere'] },
  { query: 'behandlingsgaranti', expect: ['alkoholbehandling-ambulant', 'stofbehandling-ambulant'], oneOf: true },
  { query: 'delvis raskmelding', expect: ['stress-og-arbejde', 'tvaerfagligt-team-for-sygemeldte'], oneOf: true, knownMiss: 'raskmelding is only in the internal notes of Stress og arbejde, which are not searched' },
  { query: 'efterværn', expect: ['ung-i-egen-bolig'] },

  // Slips
  { query: 'par samtaler', expect: ['parsamtaler'] },
  { query: 'socialangst', expect: ['modig-gruppe-for-unge-med-social-angst'] },
  { query: 'hverdagsmestering', expect: ['hverdagsmestring'] },
  { query: 'stotte kontaktperson', expect: ['stoette-og-kontaktperson-skp'] },
  { query: 'psykolg jobcenter', expect: ['psykolog-i-jobcentret'] },
  { query: 'tvaerfagligt team', expect: ['tvaerfagligt-team-for-sygemeldte'] },
  { query: 'diaetist', expect: ['mad-med-mening'] },

  // English
  { query: 'social anxiety', expect: ['modig-gruppe-for-unge-med-social-angst'] },
  { query: 'rehabilitation after surgery', expect: ['genoptraening-efter-sygehusophold'], knownMiss: 'surgery is in no English list, and rehabilitation alone reaches the heart offer first' },
  { query: 'autism', expect: ['asf-gruppen', 'uddannelsesafklaring-adhd-autisme'], oneOf: true },
  { query: 'jobs for Ukrainians', expect: ['work-and-wellbeing'] },
  { query: 'lung disease', expect: ['kol-rehabilitering'] },

  // A need with a group or a format
  { query: 'rygestop online unge', expect: ['sund-ung-rygestop'] },
  { query: 'individuelle samtaler stress', expect: ['aaben-og-rolig-flex'] },
  { query: 'diabetes hold om aftenen', expect: ['lev-med-type-2-diabetes'] },
  { query: 'kronisk syg pårørende kursus', expect: ['laer-at-tackle-kronisk-sygdom'] },
  { query: 'anonym chat stoffer', expect: ['anonym-raadgivning-hash-og-stoffer'] },
  { query: 'søvnproblemer online', expect: ['soevnskolen', 'mindfulness-online'], oneOf: true },

];

/**
 * A third block written the same way, by a reader who saw only the offers (60 rows). On the code before the
 * changes made on it, 53 passed (and 16 found nothing in full); after them, 58: the partial match keeps the
 * largest set of words that some offers match together, words that say how often ("altid", "hele tiden")
 * are stop words, a number next to a topic word only adds a bonus, a three-part compound counts by its
 * first part too, and alene, datter and søn joined their synonym groups.
 */
export const OWN_WORDS_QUERIES: RelevanceRow[] = [
  // Compounds
  { query: 'smertehåndteringskursus', expect: ['smerteskolen'] },
  { query: 'alkoholafvænning', expect: ['alkoholbehandling-ambulant'] },
  { query: 'rygestopforløb', expect: ['rygestop'] },
  { query: 'stresssygemelding', expect: ['stress-og-arbejde'] },
  { query: 'vægttabsforløb', expect: ['mad-med-mening', 'sundt-liv-kram-kursus'], oneOf: true },
  { query: 'krigstraumatiserede', expect: ['krop-og-traumer'] },
  { query: 'parforholdsrådgivning', expect: ['parsamtaler'] },
  { query: 'ensomhedsgruppe', expect: ['faellesskabsgruppen-ud-af-ensomheden'] },
  { query: 'hjertegenoptræning', expect: ['hjerterehabilitering'] },
  { query: 'lungetræning', expect: ['kol-rehabilitering'] },
  { query: 'arbejdspladsmentor', expect: ['fastholdelsesmentor'] },
  { query: 'hjemmestøtte', expect: ['bostoette-socialpaedagogisk-stoette'] },
  { query: 'depressionsgruppe', expect: ['tankerum-depression'] },
  { query: 'flygtningementor', expect: ['mentor-til-nye-borgere'] },
  // Everyday phrasing
  { query: 'ligger vågen hele natten', expect: ['soevnskolen'] },
  { query: 'min mand drikker for meget', expect: ['paaroerendegruppe-alkohol'] },
  { query: 'har konstant ondt i ryggen', expect: ['smerteskolen'] },
  { query: 'sidder alene derhjemme hele dagen', expect: ['faellesskabsgruppen-ud-af-ensomheden', 'vaerestedet-lyngen'], oneOf: true, knownMiss: 'sidder and derhjemme must match too, and no loneliness offer says them (alene now reaches ensomhed)' },
  { query: 'ryger 20 cigaretter om dagen og vil stoppe', expect: ['rygestop'] },
  { query: 'har fået konstateret sukkersyge', expect: ['lev-med-type-2-diabetes'] },
  { query: 'tør ikke tage bussen', expect: ['modig-gruppe-for-unge-med-social-angst', 'angstskolen'], oneOf: true },
  { query: 'har mareridt efter krigen', expect: ['krop-og-traumer'] },
  { query: 'min søn ryger hash', expect: ['u-turn-ungebehandling', 'anonym-raadgivning-hash-og-stoffer'], oneOf: true },
  { query: 'er altid trist og har ingen energi', expect: ['tankerum-depression'] },
  { query: 'kan ikke styre min økonomi', expect: ['hverdagsmestring', 'bostoette-socialpaedagogisk-stoette'], oneOf: true },
  { query: 'min kæreste og jeg skændes hele tiden', expect: ['parsamtaler'] },
  // How a caseworker searches
  { query: 'langtidssygemeldt revurdering', expect: ['tvaerfagligt-team-for-sygemeldte'] },
  { query: 'uddannelseshjælp psykisk sårbar', expect: ['rute-42', 'ips-job-med-stoette'], oneOf: true },
  { query: '§ 85', expect: ['bostoette-socialpaedagogisk-stoette', 'ung-i-egen-bolig'], oneOf: true },
  { query: 'mentorstøtte aktivitetsparat', expect: ['mentor-paa-vej-mod-job'] },
  { query: 'WHO-5 screening', expect: ['sund-paa-tvaers'] },
  { query: 'forsikrede ledige over 50', expect: ['senior-50-plus-sund-og-klar-til-job', 'slidt-krop-staerkt-arbejdsliv-50-plus'], oneOf: true },
  { query: 'arbejdsprøvning med helbredshensyn', expect: ['virksomhedspraktik-med-sundhedsstoette', 'job-og-sundhed'], oneOf: true },
  { query: 'integrationsborger diabetes', expect: ['diabetesforloeb-for-flygtninge-og-indvandrere'] },
  // Slips
  { query: 'alkoholbehanling', expect: ['alkoholbehandling-ambulant'] },
  { query: 'fibromalgi', expect: ['smerteskolen'] },
  { query: 'soevnproblemer', expect: ['soevnskolen'] },
  { query: 'pårørene til alkoholiker', expect: ['paaroerendegruppe-alkohol'] },
  { query: 'mindfullness', expect: ['mindfulness-online', 'aaben-og-rolig'], oneOf: true },
  { query: 'diabetis', expect: ['lev-med-type-2-diabetes', 'diabetesforloeb-for-flygtninge-og-indvandrere'], oneOf: true },
  { query: 'angskolen', expect: ['angstskolen'] },
  { query: 'stofmissbrug', expect: ['stofbehandling-ambulant'] },
  // English
  { query: 'quit smoking', expect: ['rygestop'] },
  { query: 'chronic pain', expect: ['smerteskolen'] },
  { query: 'drinking problem', expect: ['alkoholbehandling-ambulant', 'alkoholsamtalen'], oneOf: true, knownMiss: 'problem must match too, and only the § 82 b offer says problem(er) next to alcohol' },
  { query: 'couples counselling', expect: ['parsamtaler'] },
  { query: 'mindfulness in English', expect: ['mindfulness-online'] },
  { query: 'heart attack rehab', expect: ['hjerterehabilitering'] },
  // Inflected forms
  { query: 'panikanfaldene', expect: ['angstskolen'] },
  { query: 'mareridtene', expect: ['krop-og-traumer'] },
  { query: 'hjertepatienter', expect: ['hjerterehabilitering'] },
  { query: 'nikotinposerne', expect: ['sund-ung-rygestop'] },
  { query: 'alkoholikeren', expect: ['paaroerendegruppe-alkohol', 'alkoholbehandling-ambulant'], oneOf: true },
  { query: 'fleksjobbere', expect: ['fleksjob-med-hensyn-til-helbredet'] },
  // A need with a group
  { query: 'kvinder træning børnepasning', expect: ['kvindetraening'] },
  { query: 'stress unge under 25', expect: ['ung-og-presset'] },
  { query: 'flygtninge familie konflikter', expect: ['familiebehandling-for-flygtningefamilier'] },
  { query: 'rygestop polsk', expect: ['rygestop-paa-dit-eget-sprog'] },
  { query: 'sygemeldte forældre børn', expect: ['foraeldregruppen'] },
  { query: 'ADHD unge uddannelse', expect: ['uddannelsesafklaring-adhd-autisme'] },
];

/** The tuned table the unit tests enforce and the benchmark scores as "tuned": every section. */
export const SEARCH_QUERIES: RelevanceRow[] = [
  ...BASIC_QUERIES, ...COMPOUND_AND_EVERYDAY_QUERIES, ...EVERYDAY_AND_ENGLISH_QUERIES, ...PARTLY_KNOWN_QUERIES, ...CASEWORKER_AND_CITIZEN_QUERIES,
  ...OWN_WORDS_QUERIES,
];
