import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config/config';
import { signIn } from '../../src/web/sign-in.service';
import { uniqueToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { personWithPassword } from '../support/web';

// Each test signs in from its own address (X-Forwarded-For from the trusted loopback proxy), so counts do not mix.
const limits: Partial<Config> = {
  trustProxy: ['loopback'],
  signInLimit: { perAccount: 3, accountWindowMinutes: 15, perClientPerMinute: 6 },
};
const newAddress = (): string => `203.0.113.${1 + randomBytes(1)[0]! % 250}`;
let nextAddress = 0;
const addresses = Array.from({ length: 250 }, (_, index) => `198.51.100.${index + 1}`);
const anotherAddress = (): string => addresses[nextAddress++]!;

function postLogin(app: TestApp, name: string, password: string, from: string) {
  return fetch(`${app.baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
    body: new URLSearchParams({ name, password }).toString(),
    redirect: 'manual',
  });
}

async function assertThrottled(response: Response, atMostSeconds: number): Promise<void> {
  assert.equal(response.status, 429);
  const retryAfter = Number(response.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= atMostSeconds, `Retry-After ${retryAfter}`);
  assert.equal(response.headers.get('set-cookie'), null, 'no session');
  assert.match(await response.text(), /Too many sign-in attempts\. Try again in \d+ min\./);
}

describe('sign-in throttling', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp(limits);
  });
  after(async () => {
    await app?.close();
  });

  it('when one name has failed its limit, then even its right password gets 429 with Retry-After, from any address; other names still sign in', async () => {
    const target = await personWithPassword(app, 'editor');
    const bystander = await personWithPassword(app, 'editor');
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.equal((await postLogin(app, target.name, `wrong-guess-${attempt}`, anotherAddress())).status, 401);
    }
    await assertThrottled(await postLogin(app, target.name, target.password, anotherAddress()), 15 * 60);
    await assertThrottled(await postLogin(app, target.name.toUpperCase(), target.password, anotherAddress()), 15 * 60);
    assert.equal((await postLogin(app, bystander.name, bystander.password, anotherAddress())).status, 303);
  });

  it('when a name that does not exist is guessed at, then it is throttled the same way, so the limit tells nobody which names exist', async () => {
    const nobody = `nobody-${uniqueToken()}`;
    for (let attempt = 0; attempt < 3; attempt++) assert.equal((await postLogin(app, nobody, 'some password', anotherAddress())).status, 401);
    await assertThrottled(await postLogin(app, nobody, 'some password', anotherAddress()), 15 * 60);
  });

  it('when one client tries many names, then past its limit a minute it gets 429, even for a right password', async () => {
    const from = anotherAddress();
    const person = await personWithPassword(app, 'checker');
    for (let attempt = 0; attempt < 6; attempt++) {
      assert.equal((await postLogin(app, `sprayed-${uniqueToken()}`, 'Spring2026!!', from)).status, 401);
    }
    await assertThrottled(await postLogin(app, person.name, person.password, from), 60);
    assert.equal((await postLogin(app, person.name, person.password, anotherAddress())).status, 303, 'from elsewhere they sign in');
  });

  it('when a person mistypes and then signs in, then their misses are forgotten', async () => {
    const person = await personWithPassword(app, 'checker');
    for (let round = 0; round < 2; round++) {
      assert.equal((await postLogin(app, person.name, 'mistyped password', anotherAddress())).status, 401);
      assert.equal((await postLogin(app, person.name, 'mistyped password', anotherAddress())).status, 401);
      assert.equal((await postLogin(app, person.name, person.password, anotherAddress())).status, 303, `round ${round}`);
    }
  });

  it('when the name is unknown or the password wrong, then the refusal takes about as long (the password is checked against a decoy)', async () => {
    const person = await personWithPassword(app, 'checker');
    const manager = app.db.dataSource.manager;
    const limits = app.config.session;
    const time = async (name: string): Promise<number> => {
      const started = process.hrtime.bigint();
      assert.equal(await signIn(manager, { name, password: 'not the password' }, limits), null);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    await time(`warm-up-${uniqueToken()}`);
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let round = 0; round < 7; round++) {
      unknown.push(await time(`unknown-${uniqueToken()}`));
      wrong.push(await time(person.name));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(unknown) / median(wrong);
    // Without the decoy an unknown name would answer in a small fraction of the time (no hash to compute); the bounds leave room for a busy machine.
    assert.ok(ratio > 1 / 3 && ratio < 3, `unknown ${median(unknown).toFixed(1)} ms vs wrong ${median(wrong).toFixed(1)} ms`);
  });
});

describe('sign-in throttling shared through PostgreSQL (RATE_LIMIT_STORE=postgres)', () => {
  let first: TestApp;
  let second: TestApp;
  const shared: Partial<Config> = { ...limits, publicRateLimit: { perMinute: 10_000, store: 'postgres' } };

  before(async () => {
    first = await startTestApp(shared);
    // Two instances on one PostgreSQL; the embedded database has one process, so there one app plays both.
    second = process.env.DATABASE_URL ? await startTestApp(shared) : first;
  });
  after(async () => {
    if (second !== first) await second?.close();
    await first?.close();
  });

  it('when failures are spread over two instances, then the name is throttled on both', async () => {
    const person = await personWithPassword(first, 'editor');
    assert.equal((await postLogin(first, person.name, 'wrong one', newAddress())).status, 401);
    assert.equal((await postLogin(second, person.name, 'wrong two', newAddress())).status, 401);
    assert.equal((await postLogin(first, person.name, 'wrong three', newAddress())).status, 401);
    await assertThrottled(await postLogin(second, person.name, person.password, newAddress()), 15 * 60);
    await assertThrottled(await postLogin(first, person.name, person.password, newAddress()), 15 * 60);
  });
});
