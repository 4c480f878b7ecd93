import { parseArgs } from 'node:util';
import { migrate } from '../database/migrate';
import { runWithDatabase } from '../database/with-database';
import { Problem } from '../errors/problem';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import type { ApiToken } from '../users/api-token.entity';
import { CreateTokenDto, CreateUserDto } from '../users/users.dto';
import { createUser, findUserByName, issueToken, listTokens, listUsers, revokeToken } from '../users/users.service';
import { printable } from './printable';

// The CLI runs with the operator's rights: the tokens it makes work at once, and are recorded as issued via the CLI.
const usage = `Usage: npm run --silent cli -- <command> [options]
  users:create  --name NAME --role checker|editor|admin   create a user; prints their token on the last line
  users:list                                              list users and their tokens (never the secrets)
  tokens:create --user NAME [--label TEXT]                issue another token; prints it on the last line
  tokens:revoke --id TOKEN_ID                             revoke a token for good`;
const recorded = 'recorded as issued via the CLI with operator rights';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: { name: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' }, label: { type: 'string' }, id: { type: 'string' } },
  strict: false,
});
const text = (option: string): string | undefined => (typeof values[option] === 'string' ? (values[option] as string) : undefined);

void runWithDatabase(async (db) => {
  await migrate(db);
  const manager = db.dataSource.manager;
  try {
    switch (command) {
      case 'users:create': {
        const input = await parseBody(CreateUserDto, { name: text('name'), role: text('role') });
        const { user, secret } = await createUser(manager, input);
        say(`Created ${user.role} ${printable(user.name)} (${user.id}). Their token, ${recorded}, shown only now:`);
        say(secret);
        return 0;
      }
      case 'users:list': {
        for (const user of await listUsers(manager)) {
          const tokens = await listTokens(manager, user.id);
          say([`${printable(user.name)}\t${user.role}\t${user.id}`, ...tokens.map((token) => `    token ${describeToken(token)}`)].join('\n'));
        }
        return 0;
      }
      case 'tokens:create': {
        const user = await findUserByName(manager, text('user') ?? '');
        if (!user) return fail(`No user named "${printable(text('user') ?? '')}".`);
        const { label } = await parseBody(CreateTokenDto, text('label') === undefined ? {} : { label: text('label') });
        const { secret } = await issueToken(manager, user.id, label ?? null);
        say(`New token for ${printable(user.name)}, ${recorded}, shown only now:`);
        say(secret);
        return 0;
      }
      case 'tokens:revoke': {
        const token = await revokeToken(manager, requireId(text('id'), 'token'));
        say(`Token ${token.id} (${token.prefix}…) is revoked (recorded as revoked via the CLI).`);
        return 0;
      }
      default:
        return fail(usage);
    }
  } catch (error) {
    if (error instanceof Problem) return fail(describeProblem(error));
    throw error;
  }
});

/** `<id> <prefix>… <active|must-replace|revoked> via <how issued>[ "label"]` */
function describeToken(token: ApiToken): string {
  const state = token.revokedAt ? 'revoked' : token.mustReplace ? 'must-replace' : 'active';
  const label = token.label === null ? '' : ` "${printable(token.label)}"`;
  return `${token.id} ${token.prefix}… ${state} via ${token.issuedVia}${label}`;
}

const say = (line: string): void => console.log(line);

/** Messages may quote what was typed or stored; each line is escaped, the line breaks between them kept. */
function fail(message: string): number {
  console.error(message.split('\n').map(printable).join('\n'));
  return 1;
}

function describeProblem(problem: Problem): string {
  const errors = (problem.toDocument().errors ?? []).map((error) => `  - ${error.detail}`);
  return errors.length > 0 ? ['Invalid input:', ...errors].join('\n') : problem.message;
}
