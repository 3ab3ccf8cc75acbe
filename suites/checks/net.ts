// Network namespace: only loopback inside; the host's abstract unix socket and loopback
// TCP listener (sentinels) cannot be reached.
import { brief, tried } from './helpers.js';
import { isolated, shared, type Check, type TryResult } from './types.js';

interface NetOut {
  interfaces: { name: string; loopback: boolean; up: boolean; addresses: string[] }[];
}

const interfaces: Check = {
  id: 'net-only-loopback',
  area: 'net',
  description: 'the container has no interface but loopback (the cell asks for none)',
  async run(ctx) {
    const { out } = await ctx.probe<NetOut>(['net']);
    const others = out.interfaces.filter((i) => !i.loopback).map((i) => i.name);
    const evidence = { interfaces: out.interfaces.map((i) => `${i.name}${i.up ? '' : ' (down)'}`), nonLoopback: brief(others) };
    return others.length ? shared(evidence) : isolated(evidence);
  },
};

const abstractSocket: Check = {
  id: 'net-host-abstract-socket',
  area: 'net',
  description: "connect() to the host's abstract unix socket listener fails",
  async run(ctx) {
    const { out } = await ctx.probe<TryResult>(['try', 'connect-abstract', ctx.sentinels.abstractName]);
    const evidence = { name: `@${ctx.sentinels.abstractName.slice(0, 40)}…`, connect: tried(out) };
    return out.ok ? shared(evidence) : isolated(evidence);
  },
};

const tcpListener: Check = {
  id: 'net-host-tcp-listener',
  area: 'net',
  description: "connect() to the host's TCP listener on 127.0.0.1 fails",
  async run(ctx) {
    const port = String(ctx.sentinels.tcpPort);
    const { out } = await ctx.probe<TryResult>(['try', 'connect-tcp', '127.0.0.1', port]);
    const evidence = { address: `127.0.0.1:${port}`, connect: tried(out) };
    return out.ok ? shared(evidence) : isolated(evidence);
  },
};

/** The network namespace checks. */
export const NET_CHECKS: readonly Check[] = [interfaces, abstractSocket, tcpListener];
