import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set: this host, private
 * networks, link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), shared, reserved and
 * multicast ranges. IPv4-mapped, IPv4-compatible and NAT64 IPv6 are refused whole: they can carry
 * any IPv4 address, a private one included, and no public receiver needs them.
 */
const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) forbidden.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) forbidden.addSubnet(network, prefix, 'ipv6');

/**
 * ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped) are checked by hand:
 * BlockList matches a plain IPv4 address against IPv6 rules of those ranges too.
 */
const embedsIpv4 = /^::(ffff:)?([0-9a-f]{1,4}(:[0-9a-f]{1,4})?)?$/;

export const isForbiddenAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family !== 6) return true;
  const compressed = new URL(`http://[${address}]`).hostname.slice(1, -1);
  return embedsIpv4.test(compressed) || forbidden.check(address, 'ipv6');
};

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** The host of a URL as DNS takes it: IPv6 literals without their brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

type Resolved = Array<{ address: string; family: number }>;

function refuseForbidden(host: string, addresses: Resolved, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const bad = addresses.filter(({ address }) => isForbiddenAddress(address)).map(({ address }) => address);
  if (bad.length > 0) {
    throw new TargetRefused(`${host} resolves to ${bad.join(', ')}: loopback, private, link-local and metadata addresses are refused`);
  }
}

/** Checks a target when a subscription names it: every address it resolves to must be public. */
export async function checkTarget(url: URL, allowPrivate: boolean): Promise<void> {
  const host = hostOf(url);
  let addresses: Resolved;
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch (error) {
    throw new TargetRefused(`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  refuseForbidden(host, addresses, allowPrivate);
}

/**
 * A `lookup` for http.request: resolves the host once and hands the socket only addresses it has
 * checked, so a name that answers differently the second time (DNS rebinding) cannot slip through.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, verbatim: true, family: options.family ?? 0, hints: options.hints ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      try {
        refuseForbidden(hostname, addresses, allowPrivate);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, all: Resolved) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Before a request to an IP literal, which http.request connects to without any lookup. */
export function refuseForbiddenLiteral(url: URL, allowPrivate: boolean): void {
  const host = hostOf(url);
  if (isIP(host)) refuseForbidden(host, [{ address: host, family: isIP(host) }], allowPrivate);
}
