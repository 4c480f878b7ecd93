import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogues, chooseLanguage, languages, translator } from '../../src/web/i18n/i18n';

describe('the pages’ languages', () => {
  it('when a catalogue is compared with the English one, then it has exactly the same keys, none empty', () => {
    const english = Object.keys(catalogues.en).sort();
    for (const language of languages) {
      assert.deepEqual(Object.keys(catalogues[language]).sort(), english, `${language} has the same keys as en`);
      for (const [key, message] of Object.entries(catalogues[language])) assert.ok(message.trim(), `${language}:${key} is not empty`);
    }
  });

  it('when the cookie names a language, then it wins over Accept-Language; an unknown one falls back to the header, then English', () => {
    assert.equal(chooseLanguage('id', 'en-GB,en;q=0.9'), 'id');
    assert.equal(chooseLanguage('fr', 'id-ID,id;q=0.9'), 'id');
    assert.equal(chooseLanguage(undefined, 'fr-FR'), 'en');
    assert.equal(chooseLanguage(undefined, undefined), 'en');
  });

  it('when a message has a placeholder, then it is filled and an unknown one is left visible', () => {
    assert.equal(translator('id')('nav.signedInAs', { name: 'Budi', role: 'editor' }), 'Masuk sebagai Budi (editor)');
  });
});
