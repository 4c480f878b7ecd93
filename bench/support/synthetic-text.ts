// Realistic article text for the scale data: Indonesian and English news reports whose checkable
// claims are anchored at code point offsets, with the accents, curly quotes, dashes and emoji that
// make code points differ from UTF-16 units.
import { codePointLength } from '../../src/text/code-points';

export type Random = () => number;

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same data set. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
export const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

export type Language = 'id' | 'en';

/** Twenty topics: each is in about one claim in twenty, so a topic word is a common search term. */
export const topics: ReadonlyArray<{ en: string; id: string }> = [
  { en: 'bridge', id: 'jembatan' }, { en: 'toll road', id: 'jalan tol' }, { en: 'rice imports', id: 'impor beras' },
  { en: 'fuel subsidy', id: 'subsidi BBM' }, { en: 'vaccination programme', id: 'program vaksinasi' },
  { en: 'flood defences', id: 'tanggul banjir' }, { en: 'school meals', id: 'makan siang sekolah' },
  { en: 'hospital beds', id: 'tempat tidur rumah sakit' }, { en: 'nickel exports', id: 'ekspor nikel' },
  { en: 'electricity tariff', id: 'tarif listrik' }, { en: 'minimum wage', id: 'upah minimum' },
  { en: 'palm oil exports', id: 'ekspor minyak sawit' }, { en: 'railway line', id: 'jalur kereta' },
  { en: 'harbour expansion', id: 'perluasan pelabuhan' }, { en: 'forest fires', id: 'kebakaran hutan' },
  { en: 'inflation', id: 'inflasi' }, { en: 'tourist arrivals', id: 'kedatangan wisatawan' },
  { en: 'state debt', id: 'utang negara' }, { en: 'internet coverage', id: 'jangkauan internet' },
  { en: 'stunting rate', id: 'angka stunting' },
];

export const places = [
  'Jakarta', 'Surabaya', 'Bandung', 'Medan', 'Makassar', 'Semarang', 'Palembang', 'Denpasar',
  'Balikpapan', 'Jayapura', 'Kupang', 'Pontianak', 'Manado', 'Padang', 'Yogyakarta',
] as const;

const firstNames = ['Ayu', 'Budi', 'Siti', 'Agus', 'Dewi', 'Joko', 'Rina', 'Hendra', 'Putri', 'Made', 'José', 'Chloé', 'Wahyu', 'Nurul', 'Bambang', 'Sri', 'Yusuf', 'Maria', 'Andi', 'Lestari'];
const lastNames = ['Santoso', 'Wijaya', 'Hidayat', 'Saputra', 'Pratama', 'Kusuma', 'Nugroho', 'Siregar', 'Lubis', 'Harahap', 'Simanjuntak', 'Tanjung', 'Halim', 'Gunawan', 'Setiawan', 'Rahman', 'Sutanto', 'Wibowo', 'Purnomo', 'Kurniawan'];
const titles = { en: ['Minister', 'Governor', 'Spokesperson', 'Regent', 'Legislator'], id: ['Menteri', 'Gubernur', 'Juru bicara', 'Bupati', 'Anggota DPR'] };

/** Four hundred people: a surname is in about one claim in twenty, a full name in one in four hundred. */
export const claimantName = (random: Random): string => `${pick(random, firstNames)} ${pick(random, lastNames)}`;

type ClaimWords = { topic: string; place: string; number: number; year: number };

const claimTemplates: Record<Language, Array<(w: ClaimWords) => string>> = {
  en: [
    (w) => `the ${w.topic} in ${w.place} cost ${w.number} billion rupiah`,
    (w) => `${w.place} spent ${w.number} percent more on the ${w.topic} than in ${w.year}`,
    (w) => `the government has completed ${w.number} percent of the ${w.topic} in ${w.place}`,
    (w) => `the ${w.topic} in ${w.place} fell by ${w.number} percent in ${w.year}`,
    (w) => `${w.number} thousand families in ${w.place} benefited from the ${w.topic} in ${w.year}`,
  ],
  id: [
    (w) => `${w.topic} di ${w.place} menelan biaya ${w.number} miliar rupiah`,
    (w) => `${w.place} menghabiskan ${w.number} persen lebih banyak untuk ${w.topic} dibanding tahun ${w.year}`,
    (w) => `pemerintah telah menyelesaikan ${w.number} persen ${w.topic} di ${w.place}`,
    (w) => `${w.topic} di ${w.place} turun ${w.number} persen pada tahun ${w.year}`,
    (w) => `sebanyak ${w.number} ribu keluarga di ${w.place} menerima manfaat ${w.topic} pada ${w.year}`,
  ],
};

const fillers: Record<Language, string[]> = {
  en: [
    'Officials did not respond to a request for comment.',
    'The figures could not be independently verified.',
    'Residents told reporters that little had changed — prices were still high.',
    'The post was shared thousands of times with the hashtag #faktanya 🇮🇩.',
    'Opposition lawmakers called the numbers “misleading” and asked for an audit.',
    'The statement came during a visit to the region last week.',
  ],
  id: [
    'Pejabat terkait belum memberikan tanggapan.',
    'Angka tersebut belum dapat diverifikasi secara independen.',
    'Warga mengatakan kepada wartawan bahwa harga masih tinggi — tidak banyak yang berubah.',
    'Unggahan itu dibagikan ribuan kali dengan tagar #faktanya 🇮🇩.',
    'Anggota DPR dari oposisi menyebut angka itu “menyesatkan” dan meminta audit.',
    'Pernyataan itu disampaikan saat kunjungan kerja pekan lalu.',
  ],
};

const saidVerb = { en: 'said', id: 'mengatakan' };

export type DraftClaim = { quote: string; start: number; end: number; claimant: string; topic: number; place: string };
export type DraftArticle = { title: string; body: string; language: Language; claims: DraftClaim[] };

/**
 * An article of `claimCount` paragraphs, each with a claim sentence; the quote's offsets are counted
 * in code points while the body is built, so they are right whatever characters precede them.
 */
export function draftArticle(random: Random, claimCount: number): DraftArticle {
  const language: Language = random() < 0.6 ? 'id' : 'en';
  const place = pick(random, places);
  const mainTopic = Math.floor(random() * topics.length);
  const title =
    language === 'id'
      ? `Klaim soal ${topics[mainTopic]!.id} di ${place} dipertanyakan`
      : `Claims about the ${topics[mainTopic]!.en} in ${place} questioned`;
  const parts: string[] = [];
  let length = 0;
  const append = (text: string) => {
    parts.push(text);
    length += codePointLength(text);
  };
  append(`${place.toUpperCase()} — `);
  const claims: DraftClaim[] = [];
  for (let index = 0; index < claimCount; index++) {
    if (index > 0) append('\n\n');
    if (random() < 0.5) append(`${pick(random, fillers[language])} `);
    const topic = index === 0 ? mainTopic : Math.floor(random() * topics.length);
    const claimPlace = random() < 0.7 ? place : pick(random, places);
    const words = { topic: topics[topic]![language], place: claimPlace, number: between(random, 2, 980), year: between(random, 2015, 2026) };
    const quote = pick(random, claimTemplates[language])(words);
    const claimant = claimantName(random);
    const title = pick(random, titles[language]);
    if (random() < 0.5) {
      append(`${title} ${claimant} ${saidVerb[language]} `);
      const start = length;
      append(quote);
      claims.push({ quote, start, end: length, claimant, topic, place: claimPlace });
      append('.');
    } else {
      append('“');
      const start = length;
      append(quote);
      claims.push({ quote, start, end: length, claimant, topic, place: claimPlace });
      append(`,” ${saidVerb[language]} ${title.toLowerCase()} ${claimant}.`);
    }
    if (random() < 0.3) append(` ${pick(random, fillers[language])}`);
  }
  return { title, body: parts.join(''), language, claims };
}
