import { parseArgs } from 'node:util';
import { migrate } from '../database/migrate';
import { runWithDatabase } from '../database/with-database';
import { Problem } from '../errors/problem';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import { CreateUserDto } from '../users/users.dto';
import { createUser, findUserByName, issueToken, listTokens, listUsers, revokeToken } from '../users/users.service';

const usage = `Usage: npm run --silent cli -- <command> [options]
  users:create  --name NAME --role checker|editor|admin   create a user; prints the new token on the last line
  users:list                                              list users and their tokens (never the secrets)
  tokens:create --user NAME [--label TEXT]                issue another token; prints it on the last line
  tokens:revoke --id TOKEN_ID                             revoke a token for good`;

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
        console.log(`Created ${user.role} ${user.name} (${user.id}). Their token, shown only now:`);
        console.log(secret);
        return 0;
      }
      case 'users:list': {
        for (const user of await listUsers(manager)) {
          const tokens = await listTokens(manager, user.id);
          const described = tokens.map((token) => `${token.id} ${token.prefix}… ${token.revokedAt ? 'revoked' : 'active'}`);
          console.log([`${user.name}\t${user.role}\t${user.id}`, ...described.map((line) => `    token ${line}`)].join('\n'));
        }
        return 0;
      }
      case 'tokens:create': {
        const user = await findUserByName(manager, text('user') ?? '');
        if (!user) return fail(`No user named ${JSON.stringify(text('user') ?? '')}.`);
        const { secret } = await issueToken(manager, user.id, text('label') ?? null);
        console.log(`New token for ${user.name}, shown only now:`);
        console.log(secret);
        return 0;
      }
      case 'tokens:revoke': {
        const token = await revokeToken(manager, requireId(text('id'), 'token'));
        console.log(`Token ${token.id} (${token.prefix}…) is revoked.`);
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

function fail(message: string): number {
  console.error(message);
  return 1;
}

function describeProblem(problem: Problem): string {
  const errors = (problem.toDocument().errors ?? []).map((error) => `  - ${error.detail}`);
  return errors.length > 0 ? ['Invalid input:', ...errors].join('\n') : problem.message;
}
