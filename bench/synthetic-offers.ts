/**
 * A deterministic synthetic catalogue for the benchmarks: `count` offers with realistic Danish text, valid
 * against the real offer schema, spread over all ten task types, the themes, risk and benefit groups and
 * the provider organisations (and their units) of `content/organisations.yaml`. Written as Markdown files
 * through the real serializer, so the real OfferStore loads them exactly as it loads the demo catalogue.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { serializeOfferFile } from '../core/catalogue/content/offer-file.ts';
import { organisationsFileSchema, type OfferInput, type Organisation } from '../core/catalogue/offer-schema.ts';
import {
  BENEFIT_GROUPS, LANGUAGES, RISK_GROUPS, THEMES, type TaskTypeId,
} from '../core/catalogue/taxonomy.ts';
import { createRandom } from './random.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DEMO_CONTENT_DIR = path.join(ROOT, 'content');

type ThemeKey = keyof typeof THEMES.labels;
type LawKey = OfferInput['legalBasis'][number]['law'];

/** What makes an offer of one task type read like one: names, words, sentences, law, usual provider. */
interface TaskTypeText {
  names: string[];
  themes: ThemeKey[];
  law: { law: LawKey; section?: string }[];
  providers: string[];
  synonyms: string[];
  /** One-sentence descriptions of what the offer does ({name} is replaced). */
  what: string[];
  /** Bullet points for "Sådan foregår det". */
  activities: string[];
  /** What the citizen gets out of it. */
  gains: string[];
}

const TEXT: Record<TaskTypeId, TaskTypeText> = {
  1: {
    names: ['Social færdighedstræning', 'Fællesskabsgruppen', 'Sammen om hverdagen', 'Mod på mennesker', 'Trin for trin', 'Netværkscaféen', 'Ud af ensomheden', 'Social træning på hold'],
    themes: ['sociale-relationer', 'mental-sundhed', 'angst-depression'],
    law: [{ law: 'serviceloven', section: '§ 82 b' }, { law: 'sundhedsloven', section: '§ 119' }],
    providers: ['center-for-voksenstoette', 'center-for-mental-sundhed'],
    synonyms: ['sociale kompetencer', 'netværk', 'ensomhed', 'fællesskab', 'social angst', 'isolation'],
    what: [
      '{name} er et forløb, hvor du træner at være sammen med andre i trygge rammer.',
      '{name} hjælper dig, der føler dig ensom eller usikker i sociale situationer, med at tage små skridt ud i fællesskabet.',
      'I {name} øver du samtaler, samarbejde og konflikter i en lille gruppe med to faste undervisere.',
    ],
    activities: ['Ugentlige gruppemøder med rollespil og øvelser', 'Fælles aktiviteter i byen, fx café, bibliotek eller gåtur', 'Individuel samtale før og efter forløbet', 'Hjemmeopgaver, der gør øvelserne til en del af hverdagen', 'Kontakt til frivillige foreninger og netværk'],
    gains: ['mere mod på at møde nye mennesker', 'et netværk, der holder efter forløbet', 'redskaber til at håndtere uro og usikkerhed', 'bedre samarbejde på en arbejdsplads'],
  },
  2: {
    names: ['Bostøtte', 'Socialpædagogisk støtte', 'Værestedet', 'Kontaktperson', 'Støtte i eget hjem', 'Hverdagsmestring', 'Ung i egen bolig', 'Kortvarig støtte'],
    themes: ['mental-sundhed', 'sociale-relationer', 'stoffer'],
    law: [{ law: 'serviceloven', section: '§ 85' }, { law: 'serviceloven', section: '§ 104' }, { law: 'serviceloven', section: '§ 82 b' }],
    providers: ['center-for-voksenstoette'],
    synonyms: ['§ 85', 'bostøtte', 'støtteperson', 'SKP', 'hjemmevejleder', 'socialpsykiatri', 'dagtilbud'],
    what: [
      '{name} er praktisk og personlig støtte til voksne, der har brug for hjælp til at få hverdagen til at hænge sammen.',
      'Med {name} får du en fast medarbejder, der hjælper med økonomi, post, indkøb, rengøring og kontakt til myndigheder.',
      '{name} er et sted, hvor du kan komme uden aftale, få en kop kaffe, spise sammen med andre og deltage i aktiviteter.',
    ],
    activities: ['Faste besøg i dit hjem efter aftale', 'Hjælp til at åbne post og betale regninger', 'Følgeskab til læge, jobcenter og bank', 'Fælles madlavning og spisning', 'Ture og aktiviteter med andre brugere', 'En handleplan med mål, du selv sætter'],
    gains: ['mere overskud i hverdagen', 'styr på økonomi og aftaler', 'faste rutiner, der giver ro', 'mindre ensomhed'],
  },
  3: {
    names: ['Mentor', 'Fastholdelsesmentor', 'Ungementor', 'Mentor til nye borgere', 'Sundhedsmentor', 'Jobmentor', 'Mentor i praktik', 'Uddannelsesmentor'],
    themes: ['job', 'uddannelse', 'mental-sundhed', 'sociale-relationer'],
    law: [{ law: 'lab', section: '§ 167' }, { law: 'lab', section: '§ 168' }],
    providers: ['indsatsafdelingen', 'ungecenter-aadal'],
    synonyms: ['mentorstøtte', 'mentorordning', 'coach', 'støtteperson', 'LAB mentor', 'personlig støtte'],
    what: [
      '{name} giver dig en fast person, der hjælper dig med at komme i gang med og holde fast i job, praktik eller uddannelse.',
      'Med {name} får du tæt opfølgning og hjælp til det, der spænder ben i hverdagen, så du kan gennemføre dit forløb.',
      '{name} støtter dig i de første måneder i et nyt job, så både du og arbejdspladsen får en god start.',
    ],
    activities: ['Hyppig kontakt på telefon, sms eller møder', 'Følgeskab første dag i praktik eller job', 'Hjælp til at planlægge ugen og huske aftaler', 'Samtaler med arbejdsgiver eller skole, når du ønsker det', 'Skriftlig status til sagsbehandleren hver 8. uge'],
    gains: ['at du gennemfører din praktik eller dit job', 'mere struktur i hverdagen', 'en tryg start på arbejdspladsen', 'færre afbrudte forløb'],
  },
  4: {
    names: ['Åben og Rolig', 'Angstskolen', 'Stress og arbejde', 'Tankerum', 'Mindfulness', 'Psykolog i jobcentret', 'Krop og traumer', 'Ro på'],
    themes: ['stress', 'angst-depression', 'mental-sundhed', 'soevn'],
    law: [{ law: 'sundhedsloven', section: '§ 119' }, { law: 'sygedagpengeloven' }],
    providers: ['center-for-mental-sundhed'],
    synonyms: ['stresskursus', 'mindfulness', 'MBSR', 'kognitiv terapi', 'samtaleforløb', 'psykolog', 'PTSD', 'depression'],
    what: [
      '{name} er et forløb i stresshåndtering og mindfulness for dig, der er ramt af stress, angst eller let depression.',
      'I {name} lærer du kognitive metoder til at bryde tankemønstre, der holder angst og nedtrykthed fast.',
      '{name} er korte samtaleforløb med en psykolog for sygemeldte, der har brug for hjælp til at komme videre.',
    ],
    activities: ['Otte mødegange på hold med 10–14 deltagere', 'Korte daglige øvelser i mindfulness derhjemme', 'Individuelle samtaler med psykolog eller terapeut', 'Redskaber fra kognitiv adfærdsterapi', 'En opfølgningsgang efter fire uger', 'Lydfiler og materialer i letlæst version'],
    gains: ['mere ro og overskud i hverdagen', 'bedre søvn', 'redskaber mod bekymringer og grublerier', 'en plan for at vende tilbage til arbejdet'],
  },
  5: {
    names: ['Alkoholbehandling', 'Stofbehandling', 'Anonym rådgivning', 'U-turn', 'Alkoholsamtalen', 'Pårørendegruppen', 'Hashbehandling for unge', 'Misbrugsbehandling'],
    themes: ['alkohol', 'stoffer', 'rygning', 'familie'],
    law: [{ law: 'sundhedsloven', section: '§ 141' }, { law: 'serviceloven', section: '§ 101' }],
    providers: ['misbrugscenter-aadal'],
    synonyms: ['misbrug', 'rusmidler', 'afhængighed', 'hash', 'druk', 'kokain', 'ambulant behandling', 'anonym'],
    what: [
      '{name} er gratis og ambulant behandling for dig, der vil ændre dit forbrug af alkohol, hash eller andre rusmidler.',
      'I {name} kan du tale anonymt med en rådgiver om dit eget eller en pårørendes forbrug.',
      '{name} tilbyder samtaler, gruppeforløb og medicinsk behandling, så du kan passe dit job eller din uddannelse imens.',
    ],
    activities: ['Første samtale inden for 14 dage', 'Individuelle samtaler med en behandler', 'Gruppeforløb med andre i samme situation', 'Medicinsk behandling og abstinensbehandling', 'Samtaler for pårørende og familie', 'Opfølgning i op til et år'],
    gains: ['kontrol over dit forbrug', 'færre konflikter i familien', 'overskud til job og uddannelse', 'en plan for at undgå tilbagefald'],
  },
  6: {
    names: ['Rygestop', 'Kom i gang med motion', 'Mad med mening', 'Søvnskolen', 'Kvindetræning', 'Sundt liv', 'Sundhed i naturen', 'Sund Ung'],
    themes: ['motion', 'kost', 'rygning', 'soevn', 'alkohol'],
    law: [{ law: 'sundhedsloven', section: '§ 119' }],
    providers: ['sundhedscenter-aadal', 'ungecenter-aadal'],
    synonyms: ['rygestopkursus', 'nikotin', 'træning', 'fysisk aktivitet', 'vægttab', 'kostvejledning', 'KRAM', 'søvnproblemer'],
    what: [
      '{name} er et gratis forløb, der hjælper dig med at ændre vaner om mad, motion, rygning eller søvn.',
      'I {name} træner du sammen med andre i dit eget tempo med en fysioterapeut, der kender til smerter og kroniske sygdomme.',
      '{name} giver dig viden og støtte til at blive røgfri, spise sundere eller sove bedre – med små skridt, der holder.',
    ],
    activities: ['Holdtræning to gange om ugen', 'Kostvejledning og fælles madlavning', 'Rygestopsamtaler og tilskud til nikotinprodukter', 'Søvndagbog og råd om gode søvnvaner', 'Gåture og træning i naturen', 'Måling af kondition før og efter forløbet'],
    gains: ['bedre kondition og mere energi', 'et liv uden tobak', 'sundere mad i hverdagen', 'bedre søvn og mindre træthed'],
  },
  7: {
    names: ['Genoptræning', 'Smerteskolen', 'Lær at tackle kronisk sygdom', 'Hjerterehabilitering', 'KOL-rehabilitering', 'Lev med type 2-diabetes', 'Slidt krop', 'Rygtræning'],
    themes: ['smerter', 'kronisk-sygdom', 'motion', 'kost'],
    law: [{ law: 'sundhedsloven', section: '§ 140' }, { law: 'sundhedsloven', section: '§ 119' }],
    providers: ['sundhedscenter-aadal'],
    synonyms: ['genoptræningsplan', 'patientuddannelse', 'diabetes', 'KOL', 'hjertesygdom', 'gigt', 'rygsmerter', 'kronikere'],
    what: [
      '{name} er træning og undervisning for dig, der lever med smerter eller en kronisk sygdom som diabetes, KOL eller hjertesygdom.',
      'I {name} lærer du at håndtere smerter og træthed i hverdagen, så du kan holde fast i arbejde og fritid.',
      '{name} er genoptræning efter sygehusophold med en genoptræningsplan fra hospitalet.',
    ],
    activities: ['Træning på hold med fysioterapeut', 'Undervisning om sygdom, medicin og kost', 'Individuel samtale med sygeplejerske', 'Øvelser, du kan lave derhjemme', 'Erfaringsudveksling med andre deltagere', 'Samtale om job og arbejdsliv med sygdom'],
    gains: ['mindre smerter og bedre funktion', 'viden om din sygdom', 'mod på at være fysisk aktiv', 'at du kan blive i dit job'],
  },
  8: {
    names: ['IPS – job med støtte', 'Virksomhedspraktik', 'Job og sundhed', 'Fleksjob med hensyn', 'Tværfagligt team for sygemeldte', 'Senior 50+', 'Afklaringsforløb', 'Jobklubben'],
    themes: ['job', 'mental-sundhed', 'smerter', 'sprog'],
    law: [{ law: 'lab', section: '§ 42' }, { law: 'lab', section: '§ 91' }, { law: 'sygedagpengeloven', section: '§ 13' }],
    providers: ['indsatsafdelingen', 'sundhedscenter-aadal'],
    synonyms: ['IPS', 'praktik', 'afklaring', 'jobsøgning', 'småjob', 'arbejdsprøvning', 'fleksjob', 'sygemeldt'],
    what: [
      '{name} hjælper dig tættere på job med en jobkonsulent, der finder en arbejdsplads, der passer til dig.',
      'I {name} afprøver du dine ressourcer i en virksomhed med støtte fra jobcentret og sundhedsmedarbejdere.',
      '{name} er et tværfagligt forløb for sygemeldte, hvor sagsbehandler, fysioterapeut og psykolog arbejder sammen.',
    ],
    activities: ['Samtaler med en fast jobkonsulent', 'Praktik eller løntilskud i en lokal virksomhed', 'Hjælp til CV og ansøgninger', 'Afklaring af skånehensyn og arbejdsevne', 'Opfølgning på arbejdspladsen', 'Sundhedssamtale med fremskudt sundhedsmedarbejder'],
    gains: ['et ordinært job eller flere timer', 'afklaring af, hvad du kan holde til', 'en arbejdsplads med de rette hensyn', 'faste rammer og kolleger'],
  },
  9: {
    names: ['Klar til FGU', 'Studiestart med støtte', 'Uddannelsesafklaring', 'Ung i gang', 'Ung og presset', 'Læsekursus', 'Brobygning', 'Dansk for unge'],
    themes: ['uddannelse', 'mental-sundhed', 'sprog', 'sociale-relationer'],
    law: [{ law: 'kgu_loven' }, { law: 'lab', section: '§ 32' }],
    providers: ['ungecenter-aadal'],
    synonyms: ['FGU', 'uddannelseshjælp', 'studievejledning', 'ADHD', 'autisme', 'ordblind', 'skole', 'unge'],
    what: [
      '{name} hjælper unge mellem 15 og 30 år i gang med en uddannelse og igennem den.',
      'I {name} får du en vejleder, der hjælper med at vælge uddannelse, søge ind og klare de første måneder.',
      '{name} er for unge med ADHD, autisme eller ordblindhed, der har brug for ekstra støtte på skolen.',
    ],
    activities: ['Samtaler med en uddannelsesvejleder', 'Besøg på uddannelser og brobygning', 'Lektiehjælp og læsestøtte', 'Gruppeforløb med andre unge', 'Hjælp til SU, bolig og økonomi', 'Kontakt til skolens studievejleder'],
    gains: ['en plan for uddannelse', 'en god studiestart', 'mindre fravær', 'mod på fremtiden'],
  },
  10: {
    names: ['Familieterapi', 'Familiebehandling', 'Forældregruppen', 'Parsamtaler', 'Familiesamtaler', 'Parallelforløb', 'Familier i forandring', 'Sammen om børnene'],
    themes: ['familie', 'sociale-relationer', 'mental-sundhed', 'alkohol'],
    law: [{ law: 'barnets_lov', section: '§ 32' }, { law: 'serviceloven', section: '§ 11' }],
    providers: ['familiecenter-aadal'],
    synonyms: ['familieterapi', 'parterapi', 'forældre', 'børn', 'skilsmisse', 'konflikter', 'familiebehandler'],
    what: [
      '{name} er samtaler for hele familien, når konflikter, sygdom eller ledighed presser hverdagen.',
      'I {name} arbejder I sammen med en familiebehandler om at styrke relationerne mellem forældre og børn.',
      '{name} giver forældre et rum til at dele erfaringer og få redskaber til en tryg hverdag for børnene.',
    ],
    activities: ['Samtaler med hele familien hjemme eller i familiecentret', 'Forældregruppe med andre forældre', 'Samtaler for par', 'Støtte til børn og unge i familien', 'Koordinering med skole og sagsbehandler'],
    gains: ['færre konflikter derhjemme', 'bedre kontakt mellem forældre og børn', 'tryghed for børnene', 'overskud til job og uddannelse'],
  },
};

const QUALIFIERS = [
  'for unge', 'for unge 18–30 år', 'for seniorer 50+', 'for sygemeldte', 'for kvinder', 'for mænd', 'for nye borgere',
  'for forældre', 'for ledige', 'på hold', 'online', 'i Nørreå', 'i Ådal', 'i Vesterhede', 'på arabisk', 'på engelsk',
  'for borgere med kronisk sygdom', 'for pårørende', 'i dit eget tempo', 'i naturen', 'om aftenen', 'Flex',
];
const TAGLINES = [
  'trin for trin', 'sammen med andre', 'med personlig støtte', 'en ny start', 'tættere på job', 'tryghed i hverdagen',
  'små skridt', 'mere overskud', 'hjælp når du har brug for det', 'med fokus på arbejdslivet',
];
const AUDIENCES = [
  'borgere på sygedagpenge, der gerne vil tilbage i arbejde', 'ledige, der oplever, at helbredet står i vejen',
  'unge, der er gået i stå efter folkeskolen', 'borgere i ressourceforløb eller jobafklaring',
  'voksne, der bor alene og mangler et netværk', 'forældre, der oplever mange konflikter derhjemme',
  'nye borgere og flygtninge, der har brug for tolk eller materialer på deres eget sprog',
  'borgere over 50 år med et slidt arbejdsliv', 'borgere i fleksjob eller på ledighedsydelse',
  'alle borgere i Ådal Kommune, der ønsker det',
];
const GENERIC = [
  'Forløbet er gratis, og du kan deltage, selvom du har prøvet lignende tilbud før.',
  'Du møder de samme medarbejdere hele vejen, så du ikke skal fortælle din historie flere gange.',
  'Vi tager udgangspunkt i dine egne mål og det, der betyder mest for dig lige nu.',
  'Der er plads til, at du har dårlige dage – vi finder en løsning sammen.',
  'Har du brug for tolk, sørger vi for det.',
  'Du kan tage en pårørende med til den første samtale.',
  'Tilbuddet kan kombineres med andre tilbud fra jobcentret og kommunen.',
  'Efter forløbet laver vi en plan for, hvordan du holder fast i det, du har lært.',
];
const START = [
  'Tal med din sagsbehandler i jobcentret, som kan henvise dig via portalen.',
  'Du kan selv ringe eller skrive og blive skrevet op til en uforpligtende forsamtale.',
  'Bed din læge eller din sagsbehandler om at henvise dig, eller ring selv til os.',
  'Du får en tid til en første samtale inden for to uger.',
];
const PLACES = [
  { name: 'Sundhedscenter Ådal', address: 'Åboulevarden 12', postcode: '4820', city: 'Ådal' },
  { name: 'Sundhedshuset Nørreå', address: 'Møllebakken 3', postcode: '4821', city: 'Nørreå' },
  { name: 'Jobcenter Ådal', address: 'Torvegade 1', postcode: '4820', city: 'Ådal' },
  { name: 'Ungecenter Ådal', address: 'Skolevej 7', postcode: '4820', city: 'Ådal' },
  { name: 'Familiecentret', address: 'Kastanjealle 22', postcode: '4822', city: 'Vesterhede' },
  { name: 'Misbrugscenter Ådal', address: 'Havnegade 9', postcode: '4820', city: 'Ådal' },
  { name: 'Medborgerhuset Vesterhede', address: 'Kirkestræde 4', postcode: '4822', city: 'Vesterhede' },
];
const DURATIONS = ['8 uger, 2 timer om ugen', '12 uger med to mødegange om ugen', 'Op til 6 måneder', '6 mødegange over 8 uger', '10–15 samtaler over et halvt år', 'Løbende efter behov, typisk 3–6 måneder', '16 uger på hold'];
const SCHEDULES = ['Mandage kl. 9.30–12.00', 'Tirsdage og torsdage kl. 10–12', 'Efter aftale, også om aftenen', 'Onsdage kl. 16.30–18.00', 'Hverdage kl. 8–15'];
const COSTS = ['Gratis for borgeren', 'Gratis. Transport kan dækkes efter aftale med jobcentret.', 'Gratis for borgere i Ådal Kommune'];

/** One synthetic offer: frontmatter data (as an editor writes it) and its Markdown body. */
export interface SyntheticOffer { data: OfferInput; body: string }

export function slugify(text: string): string {
  return text.toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function loadOrganisations(contentDir = DEMO_CONTENT_DIR): Organisation[] {
  const file = path.join(contentDir, 'organisations.yaml');
  return organisationsFileSchema.parse(parse(readFileSync(file, 'utf8'))).organisations;
}

/** `count` offers, the same for the same seed. Task types rotate, so all ten are always present. */
export function generateOffers(count: number, seed = 20_251_124, organisations = loadOrganisations()): SyntheticOffer[] {
  const rnd = createRandom(seed);
  const providers = organisations.filter((o) => o.kind === 'provider');
  if (!providers.length) throw new Error('organisations.yaml has no provider organisations');
  const themeKeys = THEMES.keys;
  const offers: SyntheticOffer[] = [];
  for (let i = 0; i < count; i++) {
    const taskType = ((i % 10) + 1) as TaskTypeId;
    const t = TEXT[taskType];
    // Mostly the task type's usual provider; now and then any provider, so every organisation and unit has offers.
    const preferred = providers.filter((p) => t.providers.includes(p.id));
    const org = rnd.chance(0.8) && preferred.length ? rnd.pick(preferred) : rnd.pick(providers);
    const unit = rnd.pick(org.units);
    const name = rnd.pick(t.names);
    const title = rnd.chance(0.6) ? `${name} ${rnd.pick(QUALIFIERS)}` : `${name} – ${rnd.pick(TAGLINES)}`;
    const slug = `${slugify(title)}-${i + 1}`;
    // Themes: one or two of the task type's own, sometimes one from anywhere.
    const themes = [...new Set([
      ...rnd.some(t.themes, rnd.int(1, 2)),
      ...(rnd.chance(0.3) ? [rnd.pick(themeKeys)] : []),
    ])];
    const audience = rnd.pick(AUDIENCES);
    const what = rnd.pick(t.what).replaceAll('{name}', name);
    const gains = rnd.some(t.gains, 2);
    const summary = `${what} For ${audience}.`.slice(0, 320);
    const minAge = rnd.pick([15, 16, 18, 18, 18, 25, 30, 50]);
    const maxAge = rnd.chance(0.3) ? rnd.pick([29, 30, 39, 64, 67]) : undefined;
    const places = rnd.some(PLACES, rnd.int(1, 2));
    const contactId = slugify(unit.id);
    const languages = rnd.chance(0.15) ? ['da', ...rnd.some(LANGUAGES.keys.filter((l) => l !== 'da'), rnd.int(1, 3))] : ['da'];
    const formats = rnd.some(['individuelt', 'hold', 'online'] as const, rnd.int(1, 2));
    const cohorts = formats.includes('hold') && rnd.chance(0.7);
    const synonyms = rnd.some(t.synonyms, rnd.int(2, 5));
    const data: OfferInput = {
      title,
      slug,
      summary,
      taskType,
      provider: { organisation: org.id, unit: unit.name },
      sector: org.sector,
      riskGroups: rnd.some(RISK_GROUPS.keys, rnd.int(1, 3)),
      benefitGroups: rnd.some(BENEFIT_GROUPS.keys, rnd.int(1, 5)),
      themes,
      age: maxAge !== undefined && maxAge >= minAge ? { min: minAge, max: maxAge } : { min: minAge },
      legalBasis: [rnd.pick(t.law)],
      format: formats,
      duration: rnd.pick(DURATIONS),
      schedule: rnd.chance(0.7) ? rnd.pick(SCHEDULES) : undefined,
      locations: places.map((p) => ({ ...p, municipality: 'Ådal Kommune', ...(rnd.chance(0.5) ? { accessibility: 'Elevator og handicaptoilet.' } : {}) })),
      contact: {
        name: `${unit.name} (fiktiv kontakt)`,
        phone: `70 00 ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))}`,
        email: `${contactId}@aadal.example.dk`,
        hours: 'Man–fre kl. 9–12',
      },
      referral: {
        routes: rnd.some(['jobcenter', 'selvhenvendelse', 'egen-laege', 'sagsbehandler'] as const, rnd.int(1, 3)),
        intake: rnd.chance(0.5) ? 'direct' : 'assessed',
        howTo: `${rnd.pick(START)} Skriv formålet med henvisningen og borgerens ønsker.`,
      },
      capacity: cohorts
        ? { model: 'cohorts', seatsPerCohort: rnd.int(6, 16), cohortsPerYear: rnd.int(2, 10) }
        : { model: 'seats', seats: rnd.int(5, 80) },
      prerequisites: rnd.chance(0.4) ? ['Borgeren skal kunne møde stabilt og deltage i samtaler på dansk eller med tolk.'] : [],
      exclusions: rnd.chance(0.3) ? ['Aktivt misbrug eller svær psykisk sygdom – henvis i stedet til egen læge.'] : [],
      cost: rnd.pick(COSTS),
      languages: languages as OfferInput['languages'],
      synonyms,
      internal: rnd.chance(0.5) ? { notes: 'Ventetiden er typisk 2–4 uger. Ring gerne, hvis borgeren har brug for en hurtig start.' } : {},
      owner: { name: `Redaktør, ${org.name} (fiktiv)`, email: `redaktion.${org.id}@aadal.example.dk` },
      reviewBy: `2027-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
    };
    if (data.schedule === undefined) delete data.schedule;
    const [g1, g2, g3, g4] = rnd.some(GENERIC, 4) as [string, string, string, string];
    const [s1, s2] = rnd.some(START, 2) as [string, string];
    const body = [
      `## Hvad er ${name}?`,
      '',
      `${what} ${g1} Forløbet giver ${gains.join(' og ')}.`,
      '',
      '## Hvem er det for?',
      '',
      `${capitalise(name)} er for ${audience}. Tilbuddet handler især om ${themes.map((th) => THEMES.labels[th].toLowerCase()).join(', ')}. ${g2}`,
      '',
      '## Sådan foregår det',
      '',
      ...rnd.some(t.activities, rnd.int(3, 5)).map((a) => `- ${a}`),
      '',
      `${g3} ${g4}`,
      '',
      '## Sådan kommer du i gang',
      '',
      `${s1} ${s2}`,
    ].join('\n');
    offers.push({ data, body });
  }
  return offers;
}

/**
 * Writes `<dir>/offers/<slug>.md` for every offer and a copy of the demo `organisations.yaml`, i.e. a
 * content folder the OfferStore (and the server's CONTENT_DIR) can load. Returns the slugs.
 */
export function writeSyntheticContent(dir: string, count: number, seed?: number): string[] {
  const offersDir = path.join(dir, 'offers');
  mkdirSync(offersDir, { recursive: true });
  copyFileSync(path.join(DEMO_CONTENT_DIR, 'organisations.yaml'), path.join(dir, 'organisations.yaml'));
  const offers = generateOffers(count, seed, loadOrganisations(dir));
  for (const { data, body } of offers) {
    writeFileSync(path.join(offersDir, `${data.slug}.md`), serializeOfferFile(data, body));
  }
  return offers.map((o) => o.data.slug);
}
