// Summarises a .cpuprofile by component: each sample is charged to the innermost frame of the stack that
// belongs to a known component (the request log, the rate limiter, …), else to what Node and Express do.
// tsx bench/support/profile-summary.ts file.cpuprofile [requests] [top functions by self time, 0 for none]
import fs from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const components: Array<[string, RegExp]> = [
  ['request log (pino)', /\/pino\/|sonic-boom|src\/http\/logging/],
  ['request id (randomUUID)', /^randomUUID$/],
  ['rate limiter', /express-rate-limit|rate-limit\.[jt]s/],
  ['CORS', /\/cors\/|public-cors/],
  ['metrics', /src\/metrics\//],
  ['security headers', /security-headers/],
  ['freshness (fresh)', /\/fresh\/|request\.js.*fresh/],
  ['public cache and send', /src\/public-cache\/|src\/feed\/|src\/fact-checks\//],
  ['compression middleware', /node_modules\/compression\//],
  ['Express router', /\/router\/|\/express\//],
  ['Node HTTP and net', /^node:(_http|http|net|internal\/(http|stream|streams))|^node:internal\/timers/],
];

const [file, requestsArgument, topArgument] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const charged = new Map<string, number>();
for (let index = 0; index < profile.samples.length; index++) {
  let id: number | undefined = profile.samples[index];
  let component = 'other';
  const leaf = byId.get(id!)!.callFrame.functionName;
  if (leaf === '(idle)') component = 'idle';
  else if (leaf === '(garbage collector)') component = 'GC';
  else if (leaf === '(program)') component = 'V8 and native (program)';
  else {
    for (; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byId.get(id)!.callFrame;
      const found = components.find(([, pattern]) => pattern.test(url) || pattern.test(functionName));
      if (found) {
        component = found[0];
        break;
      }
    }
  }
  charged.set(component, (charged.get(component) ?? 0) + profile.timeDeltas[index]!);
}
const requests = Number(requestsArgument ?? 0);
const busy = [...charged].filter(([name]) => name !== 'idle').reduce((sum, [, us]) => sum + us, 0);
for (const [name, us] of [...charged].sort((a, b) => b[1] - a[1])) {
  const perRequest = requests ? `${(us / requests).toFixed(1).padStart(7)} µs/request` : '';
  console.log(`${name.padEnd(28)} ${(us / 1000).toFixed(0).padStart(7)} ms ${name === 'idle' ? '' : `${((100 * us) / busy).toFixed(1).padStart(5)} %`} ${perRequest}`);
}

// The functions themselves (self time: the samples in which each is the innermost frame), heaviest first.
const top = Number(topArgument ?? 0);
if (top > 0) {
  const self = new Map<string, number>();
  for (let index = 0; index < profile.samples.length; index++) {
    const { functionName, url } = byId.get(profile.samples[index]!)!.callFrame;
    if (functionName === '(idle)') continue;
    const where = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist\/)?/, '')}`;
    self.set(where, (self.get(where) ?? 0) + profile.timeDeltas[index]!);
  }
  console.log(`\ntop ${top} functions by self time:`);
  for (const [where, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${requests ? `${(us / requests).toFixed(1).padStart(6)} µs/request  ` : ''}${where}`);
  }
}
