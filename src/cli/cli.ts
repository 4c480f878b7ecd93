import { parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import { migrate } from '../database/migrate';
import { runWithDatabase } from '../database/with-database';
import { Problem } from '../errors/problem';
import { requireId } from '../http/ids';
import { parseBody } from '../http/validation';
import type { ApiToken } from '../users/api-token.entity';
import { CreateTokenDto, CreateUserDto } from '../users/users.dto';
import { createUser, findToken, findUserByName, issueToken, listTokens, listUsers, revokeToken } from '../users/users.service';
import { importFiles, ImportFileError } from './import-claimreview';
import { printable } from './printable';
import { User } from '../users/user.entity';
import { checkPasswordShape, hashPassword } from '../web/passwords';
import { setPassword } from '../web/sign-in.service';

// The CLI runs with the operator's rights: the tokens it makes work at once, and are recorded as issued via the CLI.
const usage = `Usage: npm run --silent cli -- <command> [options]   (--help anywhere prints this)
  users:create  --name NAME --role checker|editor|admin   create a user; prints their token on the last line
                [--password-stdin]                        …and give them the password read from stdin
  users:set-password --user ID|NAME --password-stdin      set a user's password (read from stdin); ends their sessions
  users:list                                              list users and their tokens (never the secrets)
  tokens:create --user NAME [--label TEXT]                issue another token; prints it on the last line
  tokens:revoke --id TOKEN_ID                             revoke a token for good
  import:claimreview FILE…                                import other fact-checkers' ClaimReview (JSON-LD or HTML
                                                          pages); a summary with every refused record; exit 2 if any`;
const recorded = 'recorded as issued via the CLI with operator rights';

type Options = Partial<Record<'name' | 'role' | 'user' | 'label' | 'id', string>> & { 'password-stdin'?: boolean; password?: string };
type Command = {
  needs: Array<keyof Options>;
  /** Takes file names after its flags (at least one). */
  files?: true;
  run: (manager: EntityManager, options: Options, files: string[]) => Promise<number>;
};

const commands: Record<string, Command> = {
  'users:create': {
    needs: ['name', 'role'],
    run: async (manager, { name, role, password }) => {
      const input = await parseBody(CreateUserDto, { name, role });
      const passwordHash = password === undefined ? undefined : await hashPassword(checkPasswordShape(password));
      const { user, secret } = await createUser(manager, input, passwordHash);
      if (passwordHash) say(`${printable(user.name)} can sign in to the pages with that password.`);
      say(`Created ${user.role} ${printable(user.name)} (${user.id}). Their token, ${recorded}, shown only now:`);
      say(secret);
      return 0;
    },
  },
  'users:set-password': {
    needs: ['user', 'password-stdin'],
    run: async (manager, { user: wanted, password }) => {
      const user = isUuid(wanted!) ? await manager.findOneBy(User, { id: wanted! }) : await findUserByName(manager, wanted!);
      if (!user) return fail(`No user "${printable(wanted!)}" (npm run cli -- users:list shows who there is).`);
      await setPassword(manager, user.id, checkPasswordShape(password));
      say(`${printable(user.name)}'s password is set; every session they had has ended.`);
      return 0;
    },
  },
  'users:list': {
    needs: [],
    run: async (manager) => {
      for (const user of await listUsers(manager)) {
        const tokens = await listTokens(manager, user.id);
        say([`${printable(user.name)}\t${user.role}\t${user.id}${user.disabledAt ? '\tdisabled' : ''}`, ...tokens.map((token) => `    token ${describeToken(token)}`)].join('\n'));
      }
      return 0;
    },
  },
  'tokens:create': {
    needs: ['user'],
    run: async (manager, { user: name, label }) => {
      const user = await findUserByName(manager, name!);
      if (!user) return fail(`No user named "${printable(name!)}" (npm run cli -- users:list shows who there is).`);
      const input = await parseBody(CreateTokenDto, label === undefined ? {} : { label });
      const { secret } = await issueToken(manager, user.id, input.label ?? null);
      say(`New token for ${printable(user.name)}, ${recorded}, shown only now:`);
      say(secret);
      return 0;
    },
  },
  'tokens:revoke': {
    needs: ['id'],
    run: async (manager, { id }) => {
      const earlier = await findToken(manager, requireId(id, 'token'));
      if (earlier?.revokedAt) {
        say(`Token ${earlier.id} (${earlier.prefix}…) was already revoked on ${earlier.revokedAt.toISOString()}; nothing changed.`);
        return 0;
      }
      const token = await revokeToken(manager, requireId(id, 'token'));
      say(`Token ${token.id} (${token.prefix}…) is revoked (recorded as revoked via the CLI).`);
      return 0;
    },
  },
  'import:claimreview': {
    needs: [],
    files: true,
    run: (manager, _options, files) => importFiles(manager, files, say),
  },
};

/** What was typed, checked before the database is opened: help, the command, its flags. */
function readCommandLine(argv: string[]): { command: Command; options: Options; files: string[] } | number {
  if (argv.length === 0 || argv.some((arg) => arg === '--help' || arg === '-h' || arg === 'help')) {
    say(usage);
    return argv.length === 0 ? 1 : 0;
  }
  const [name, ...rest] = argv;
  const command = commands[name!];
  if (!command) return fail(`Unknown command "${name}".\n${usage}`);
  let options: Options;
  let files: string[];
  try {
    ({ values: options, positionals: files } = parseArgs({ args: rest, options: optionTypes, strict: true, allowPositionals: command.files === true }));
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
  if (command.files && files.length === 0) return fail(`${name} needs at least one file.\n${usage}`);
  const missing = command.needs.filter((flag) => options[flag] === undefined || options[flag] === '');
  if (missing.length > 0) return fail(`${name} needs ${missing.map((flag) => `--${flag}`).join(' and ')}.\n${usage}`);
  return { command, options, files };
}

const optionTypes = {
  name: { type: 'string' },
  role: { type: 'string' },
  user: { type: 'string' },
  label: { type: 'string' },
  id: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

const commandLine = readCommandLine(process.argv.slice(2));
if (typeof commandLine === 'number') {
  process.exit(commandLine);
} else {
  void runWithDatabase(async (db) => {
    if (commandLine.options['password-stdin']) commandLine.options.password = await readPassword();
    await migrate(db);
    try {
      return await commandLine.command.run(db.dataSource.manager, commandLine.options, commandLine.files);
    } catch (error) {
      if (error instanceof Problem) return fail(describeProblem(error));
      if (error instanceof ImportFileError) return fail(error.message);
      throw error;
    }
  });
}

/** `<id> <prefix>… <active|must-replace|revoked> via <how issued>[ "label"]` */
function describeToken(token: ApiToken): string {
  const state = token.revokedAt ? 'revoked' : token.mustReplace ? 'must-replace' : 'active';
  const label = token.label === null ? '' : ` "${printable(token.label)}"`;
  return `${token.id} ${token.prefix}… ${state} via ${token.issuedVia}${label}`;
}

/** Everything on stdin, less the one line break `echo` or a here-string adds: a password never goes on the command line. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

function say(line: string): void {
  console.log(line);
}

/** Messages may quote what was typed or stored; each line is escaped, the line breaks between them kept. */
function fail(message: string): number {
  console.error(message.split('\n').map(printable).join('\n'));
  return 1;
}

function describeProblem(problem: Problem): string {
  const errors = (problem.toDocument().errors ?? []).map((error) => `  - ${error.detail}`);
  return errors.length > 0 ? ['Invalid input:', ...errors].join('\n') : problem.message;
}
