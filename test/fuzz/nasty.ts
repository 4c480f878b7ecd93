/** Hand-picked hostile inputs the generators mix with random ones. */

/** Text the API must store and return byte for byte when it accepts it. */
export const tricky = [
  'Kim Jong-un 🇰🇵 and Putin 🇷🇺 meet',
  '👩🏽‍🚀 astronaut, 👨‍👩‍👧‍👦 family, ❤️ heart with VS16',
  'e\u0301 (decomposed) vs é (precomposed), Å vs A\u030A',
  'مرحبا بالعالم — Arabic, RTL',
  'שלום \u202Eevil\u202C override',
  '中文 日本語 한국어 ภาษาไทย',
  'zero\u200Bwidth\u200Djoiner\uFEFFbom',
  '\uFFFD replacement, \uFFFF noncharacter, \u{10FFFF} last plane',
  'tab\there and\r\nnew\nlines',
  'trailing spaces   ',
  '   leading spaces',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐 — astral letters',
];

export const injections = [
  "'; DROP TABLE claims; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(0) --',
  "\\'; TRUNCATE claim_events; --",
  '$1 $2 %s %n %x {0} ${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  '../../../../etc/passwd',
  '%00%ZZ%',
  '\\u0000 written as text',
  'a:b:c & | ! ( ) <-> * websearch "unclosed',
  ' or -not "',
  '\\',
  'a\\',
  '%_',
  '100%',
];

/** Text the API must refuse with 422, storing nothing. */
export const unstorable = ['NUL\u0000inside', '\u0000', 'lone high \uD800 surrogate', 'lone low \uDC00', 'reversed \uDC00\uD800 pair', 'end \uD83D'];

export const badIds = [
  '',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123',
  '-1',
  '1e9999',
  "1' OR '1'='1",
  '%00',
  '%ZZ',
  '%E0%A4%A',
  '..',
  '%2e%2e',
  '%2F',
  'x'.repeat(5000),
  '{id}',
  ':id',
  '🇮🇩',
];

export const badCursors = [
  '',
  'garbage',
  '!!!',
  Buffer.from('{"seq":"1"').toString('base64url'),
  Buffer.from('{"seq":1}').toString('base64url'),
  Buffer.from('{"seq":"0"}').toString('base64url'),
  Buffer.from('{"seq":"-1"}').toString('base64url'),
  Buffer.from('{"seq":"99999999999999999999999"}').toString('base64url'),
  Buffer.from('{"seq":"1; DROP TABLE claims"}').toString('base64url'),
  Buffer.from('{"seq":null}').toString('base64url'),
  Buffer.from('[]').toString('base64url'),
  Buffer.from('null').toString('base64url'),
  Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'),
  'A'.repeat(201),
  'eyJzZXEiOiIxIn0=',
];

/** Search text PostgreSQL's websearch_to_tsquery once failed on (33 minus signs: "tsquery stack too small"), or could. */
export const oddSearches = [
  '-'.repeat(33),
  '-'.repeat(16) + 'a',
  '-'.repeat(17) + 'a',
  '- '.repeat(40) + 'a',
  '-"'.repeat(40),
  '"-"'.repeat(40),
  '!-(-&-|-<->-)-:*-'.repeat(10),
  'a or '.repeat(99) + 'a',
  '"a b c" '.repeat(60),
  Array.from({ length: 33 }, (_, index) => `w${index}`).join(' '),
  'x'.repeat(500),
  'Ж'.repeat(500),
  '🇮🇩'.repeat(125),
  'e\u0301'.repeat(250),
  '\u0301'.repeat(400),
  '\u3000-'.repeat(40),
  '\u00A0-'.repeat(40),
  '\uFEFF-'.repeat(40),
];

const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const someUuid = '00000000-0000-4000-8000-000000000000';

/** Cursors of the right shape holding values the database would refuse (non-UUID ids, times and numbers out of range). */
export const oddCursors = [
  base64Json({ t: new Date(0).toISOString(), id: '-'.repeat(36) }),
  base64Json({ t: new Date(0).toISOString(), id: 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz' }),
  base64Json({ t: '-271821-04-20T00:00:00.000Z', id: someUuid }),
  base64Json({ t: '+275760-09-13T00:00:00.000Z', id: someUuid }),
  base64Json({ t: '0000-01-01T00:00:00.000Z', id: someUuid }),
  base64Json({ t: 1e308, id: someUuid }),
  base64Json({ seq: '999999999999999999' }),
  base64Json({ seq: '9223372036854775808' }),
  base64Json({ seq: 1e308 }),
  base64Json({ seq: '1e3' }),
];

export const badIfMatch = [
  '*',
  '',
  ' ',
  'v1',
  '"v0"',
  'W/"v1"',
  '"v1", "v2", "v3"',
  '"v-1"',
  '"v1.5"',
  '"v99999999999999999999999"',
  '""',
  '"',
  'garbage',
  '"v1"'.repeat(500),
];

/** Content types a JSON body might arrive with; only application/json (and +json) are read. */
export const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'application/merge-patch+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json;;;',
  'garbage',
];

/** Bytes that are not UTF-8, each placed inside a JSON string. */
export const invalidUtf8 = [
  [0xff],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xfe, 0xfe, 0xff, 0xff],
];

/** Bodies that are not JSON at all. */
export const malformedJson = [
  '{"title": "cut',
  '{"title": "a",}',
  "{'title': 'a'}",
  '{"a": NaN}',
  '{"a": 1} trailing',
  '/* comment */ {}',
  '\uFEFF{}',
  '{"a": 01}',
  '{"a": "\\x41"}',
  '{"a": "\\uZZZZ"}',
  '[',
  '',
  ' ',
  'undefined',
];

/** Keys a client might smuggle in. */
export const extraKeys = ['__proto__', 'constructor', 'prototype', 'id', 'version', 'status', 'createdAt', '$where', '', ' ', 'title ', 'k'.repeat(300)];

export const authorizationGarbage = [
  'Bearer',
  'Bearer ',
  'Basic dXNlcjpwYXNz',
  'bearer ct_short',
  `Bearer ct_${'A'.repeat(300)}`,
  'Bearer ct_!!!!!!!!!!!!!!!!!!!!',
  'Bearer ct_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa extra',
  "Bearer ' OR 1=1 --",
];

/** Other request headers, sent now and then, that the app (or a library under it) interprets. */
export const otherHeaders: Array<[string, string]> = [
  ['content-encoding', 'gzip'],
  ['content-encoding', 'deflate'],
  ['content-encoding', 'br'],
  ['content-encoding', 'x-unknown'],
  ['content-encoding', 'gzip, gzip'],
  ['content-encoding', 'identity'],
  ['if-none-match', 'garbage'],
  ['if-none-match', '*'],
  ['if-none-match', 'W/"x", "y"'],
  ['if-modified-since', 'not a date'],
  ['if-modified-since', 'Tue, 99 Foo 99999 99:99:99 GMT'],
  ['if-modified-since', 'Thu, 01 Jan 2099 00:00:00 GMT'],
  ['range', 'bytes=0-10'],
  ['range', 'bytes=99999999-'],
  ['range', 'garbage'],
  ['x-request-id', 'x'.repeat(500)],
  ['x-request-id', '../../etc'],
  ['accept-charset', 'utf-16'],
  ['accept-encoding', 'gzip;q=garbage'],
  ['origin', 'https://evil.example'],
  ['access-control-request-method', 'DELETE'],
  ['x-http-method-override', 'DELETE'],
  ['expect', '100-continue'],
];
