import { configVariables } from '../../src/config/config';

/** The variables the service reads (every one its config schema knows): a child gets only those a test chooses. */
const serviceVariables = [...configVariables, 'NODE_TEST_CONTEXT', 'NODE_OPTIONS'];

/** The inherited environment without anything the service reads, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of serviceVariables) delete inherited[name];
  return { ...inherited, ...env };
}
