/** The variables the service reads: a child process must get only the ones a test chooses. */
const serviceVariables = [
  'DATABASE_URL', 'DATABASE_OWNER_URL', 'DATABASE_POOL_SIZE', 'PGLITE_DATA_DIR', 'SEED_ON_START', 'LOG_LEVEL', 'BODY_LIMIT',
  'SHUTDOWN_TIMEOUT_MS', 'HOST', 'PORT', 'NODE_ENV', 'NODE_TEST_CONTEXT', 'NODE_OPTIONS',
];

/** The inherited environment without anything the service reads, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of serviceVariables) delete inherited[name];
  return { ...inherited, ...env };
}
