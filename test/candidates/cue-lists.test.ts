import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cueLanguages, loadCueLists } from '../../src/candidates/cue-lists';
import { findCandidates } from '../../src/candidates/find-candidates';
import { loadSeedArticles } from '../../src/seed/fixtures';

const cueDir = path.join(__dirname, '../../src/candidates/cues');
const cueFiles = fs.readdirSync(cueDir).filter((file) => file.endsWith('.json'));

describe('cue lists', () => {
  it('when the service starts, then Indonesian and English have a cue list', () => {
    assert.deepEqual(cueLanguages().sort(), ['en', 'id']);
  });

  it('when a cue list is compared with the seed article, then it holds none of its names or places', () => {
    const seed = loadSeedArticles()[0]!;
    // Runs of capitalised words that do not open a sentence: "The New York Times", "Vladivostok", "Gedung Putih".
    const runs = [...seed.body.matchAll(/(?<![.!?"]\s|["“]|^)\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*/gmu)].map((match) => match[0].toLowerCase());
    for (const file of cueFiles) {
      const cues = JSON.parse(fs.readFileSync(path.join(cueDir, file), 'utf8')) as { dateWords: string[]; notNames: string[] };
      const entries = JSON.stringify(cues).toLowerCase();
      // Months and capitalised pronouns ("Anda") are the language's, not the article's; notNames are exclusions, not cues.
      const dates = new Set([...cues.dateWords, ...cues.notNames.map((word) => word.toLowerCase())]);
      const found = [...new Set(runs)].filter((run) => !dates.has(run) && new RegExp(`(?<![\\p{L}-])${run}(?![\\p{L}-])`, 'u').test(entries));
      assert.deepEqual(found, [], `${file} names ${found.join(', ')}`);
    }
  });

  it('when a cue file is broken or mislabelled, then loading names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cues-'));
    try {
      const english = JSON.parse(fs.readFileSync(path.join(cueDir, 'en.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(dir, 'fr.json'), JSON.stringify(english));
      assert.throws(() => loadCueLists(dir), /fr\.json says it is for "en"/);
      fs.writeFileSync(path.join(dir, 'fr.json'), JSON.stringify({ ...english, language: 'fr', hedges: 'reportedly' }));
      assert.throws(() => loadCueLists(dir), /fr\.json is not valid/);
      fs.writeFileSync(path.join(dir, 'fr.json'), JSON.stringify({ ...english, language: 'fr' }));
      assert.deepEqual([...loadCueLists(dir).keys()], ['fr'], 'a new language is one file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a body is one endless sentence, quotation or word, then candidates stay bounded and anchored', () => {
    for (const body of ['"'.repeat(5000), `"${'kata dia 5 persen '.repeat(2000)}`, 'x'.repeat(20_000), `${'Budi '.repeat(3000)}said.`]) {
      const candidates = findCandidates(body, 'id');
      for (const candidate of candidates) {
        assert.ok(candidate.end - candidate.start <= 2000, `${candidate.end - candidate.start} code points`);
        assert.equal(Array.from(body).slice(candidate.start, candidate.end).join(''), candidate.quote);
        assert.ok((candidate.claimant?.name.length ?? 0) <= 300);
      }
    }
  });
});
